import { and, eq } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccApiKeys, ccDomains, ccMemberships, ccRoles, ccUsers } from "../../db/schema/commcare";

export function findDomain(db: D1Db, name: string) {
  return db.select().from(ccDomains).where(eq(ccDomains.name, name)).limit(1).then((r) => r[0] ?? null);
}

export type CcUser = typeof ccUsers.$inferSelect;

/** The user with this username, as a query builder so that a Basic login can batch it with its failure read. */
export function userByUsername(db: D1Db, username: string) {
  return db.select().from(ccUsers).where(eq(ccUsers.username, username)).limit(1);
}

export function findUserByUsername(db: D1Db, username: string) {
  return userByUsername(db, username).then((r) => r[0] ?? null);
}

export function findApiKey(db: D1Db, keyHash: string) {
  return db.select().from(ccApiKeys).where(eq(ccApiKeys.keyHash, keyHash)).limit(1).then((r) => r[0] ?? null);
}

export function findMembershipRole(db: D1Db, userId: number, domainId: number) {
  return db
    .select({ roleId: ccRoles.id, domainId: ccRoles.domainId, permissions: ccRoles.permissions })
    .from(ccMemberships)
    .innerJoin(ccRoles, eq(ccRoles.id, ccMemberships.roleId))
    .where(and(eq(ccMemberships.userId, userId), eq(ccMemberships.domainId, domainId)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

export function findRole(db: D1Db, roleId: number) {
  return db.select().from(ccRoles).where(eq(ccRoles.id, roleId)).limit(1).then((r) => r[0] ?? null);
}

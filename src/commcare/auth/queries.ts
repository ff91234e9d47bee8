import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { D1Db } from "../../db/d1";
import { ccApiKeys, ccDomains, ccMemberships, ccRoles, ccUsers } from "../../db/schema/commcare";

export function findDomain(db: D1Db, name: string) {
  return db
    .select()
    .from(ccDomains)
    .where(eq(ccDomains.name, name))
    .limit(1)
    .then((r) => r[0] ?? null);
}

export type CcUser = typeof ccUsers.$inferSelect;

/** The user with this username, as a query builder so that a Basic login can batch it with its failure read. */
export function userByUsername(db: D1Db, username: string) {
  return db.select().from(ccUsers).where(eq(ccUsers.username, username)).limit(1);
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

const memberRole = alias(ccRoles, "member_role");
const keyRole = alias(ccRoles, "key_role");

/**
 * Everything an API key's check needs, in ONE statement (one round trip): the key by its hash, the
 * user named by the request, that user's membership role in the domain (by name), and the key's own
 * role. Missing parts come back null; `decideApiKey` (authenticate.ts) judges the row.
 */
export function apiKeyGrant(db: D1Db, keyHash: string, username: string, domainName: string) {
  return db
    .select({
      keyUserId: ccApiKeys.userId,
      keyActive: ccApiKeys.isActive,
      keyExpiresAt: ccApiKeys.expiresAt,
      keyIpAllowlist: ccApiKeys.ipAllowlist,
      keyRoleId: ccApiKeys.roleId,
      keyDomainId: ccApiKeys.domainId,
      userId: ccUsers.id,
      userUuid: ccUsers.userUuid,
      username: ccUsers.username,
      userActive: ccUsers.isActive,
      userType: ccUsers.userType,
      isSuperuser: ccUsers.isSuperuser,
      domainId: ccDomains.id,
      memberPermissions: memberRole.permissions,
      keyRoleFound: keyRole.id,
      keyRoleDomainId: keyRole.domainId,
      keyRolePermissions: keyRole.permissions,
    })
    .from(ccApiKeys)
    .leftJoin(ccUsers, eq(ccUsers.username, username))
    .leftJoin(ccDomains, eq(ccDomains.name, domainName))
    .leftJoin(ccMemberships, and(eq(ccMemberships.userId, ccUsers.id), eq(ccMemberships.domainId, ccDomains.id)))
    .leftJoin(memberRole, eq(memberRole.id, ccMemberships.roleId))
    .leftJoin(keyRole, eq(keyRole.id, ccApiKeys.roleId))
    .where(eq(ccApiKeys.keyHash, keyHash))
    .limit(1)
    .then((r) => r[0] ?? null);
}

export type ApiKeyGrant = NonNullable<Awaited<ReturnType<typeof apiKeyGrant>>>;

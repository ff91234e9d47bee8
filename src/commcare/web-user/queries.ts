import { and, eq, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccMemberships, ccRoles, ccUsers } from "../../db/schema/commcare";

/** Active web users who are members of the domain, with their role in it. */
export const webMembersOf = (domainId: number) =>
  and(eq(ccMemberships.domainId, domainId), eq(ccUsers.userType, "web"), eq(ccUsers.isActive, 1))!;

const base = (db: D1Db) =>
  db
    .select({ user: ccUsers, roleName: ccRoles.name, permissions: ccRoles.permissions, isAdmin: ccMemberships.isAdmin })
    .from(ccMemberships)
    .innerJoin(ccUsers, eq(ccUsers.id, ccMemberships.userId))
    .innerJoin(ccRoles, and(eq(ccRoles.id, ccMemberships.roleId), eq(ccRoles.domainId, ccMemberships.domainId)));

export type WebMember = Awaited<ReturnType<typeof selectWebMembers>>[number];

export function selectWebMembers(db: D1Db, where: SQL, orderBy: SQL[], limit: number, offset: number) {
  return base(db)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
}

export function countWebMembers(db: D1Db, where: SQL) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(ccMemberships)
    .innerJoin(ccUsers, eq(ccUsers.id, ccMemberships.userId))
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}

export function findWebMember(db: D1Db, domainId: number, uuid: string) {
  return base(db)
    .where(and(webMembersOf(domainId), eq(ccUsers.userUuid, uuid)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

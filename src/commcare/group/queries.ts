import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccGroupMembers, ccGroups, ccUsers, type CcGroup } from "../../db/schema/commcare";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { byIds } from "../in-chunks";

export const groupsOf = (domainId: number) => eq(ccGroups.domainId, domainId);

export function selectGroups(db: D1Db, where: SQL, orderBy: SQL[], limit: number, offset: number) {
  return db
    .select()
    .from(ccGroups)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
}

export function countGroups(db: D1Db, where: SQL) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(ccGroups)
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}

/** The ids of one page of groups, as a subquery. */
export const groupIdsPage = (db: D1Db, where: SQL, orderBy: SQL[], limit: number, offset: number): SQLiteSelect =>
  db
    .select({ id: ccGroups.id })
    .from(ccGroups)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset)
    .$dynamic();

/** The id of the group `findGroup` finds, as a subquery. */
export const groupId = (db: D1Db, domainId: number, uuid: string): SQLiteSelect =>
  db
    .select({ id: ccGroups.id })
    .from(ccGroups)
    .where(and(groupsOf(domainId), eq(ccGroups.groupUuid, uuid)))
    .$dynamic();

export function findGroup(db: D1Db, domainId: number, uuid: string) {
  return db
    .select()
    .from(ccGroups)
    .where(and(groupsOf(domainId), eq(ccGroups.groupUuid, uuid)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

/** The user ids of each group's members (any user type, active ones), by username. */
export async function membersOf(db: D1Db, domainId: number, groupIds: number[] | SQLiteSelect): Promise<Map<number, string[]>> {
  const rows = await byIds(groupIds, (chunk) =>
    db
      .select({ groupId: ccGroupMembers.groupId, userUuid: ccUsers.userUuid })
      .from(ccGroupMembers)
      .innerJoin(ccUsers, and(eq(ccUsers.id, ccGroupMembers.userId), eq(ccUsers.isActive, 1)))
      .where(and(eq(ccGroupMembers.domainId, domainId), inArray(ccGroupMembers.groupId, chunk)))
      .orderBy(asc(ccGroupMembers.groupId), asc(ccUsers.username), asc(ccUsers.id)),
  );
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.groupId, [...(out.get(r.groupId) ?? []), r.userUuid]);
  return out;
}

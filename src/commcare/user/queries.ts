import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { byIds } from "../in-chunks";
import { ccGroupMembers, ccGroups, ccLocations, ccLocationTypes, ccUserLocations, ccUsers, type CcUser } from "../../db/schema/commcare";

/** Mobile workers of a domain (user_type 'mobile', scoped by their own domain_id). */
export const mobileWorkersOf = (domainId: number) => and(eq(ccUsers.domainId, domainId), eq(ccUsers.userType, "mobile"))!;

/** Active members of a group of this domain: the `group=` filter. */
export const inGroup = (domainId: number, groupId: number) =>
  sql`exists (select 1 from ${ccGroupMembers} where ${ccGroupMembers.domainId} = ${domainId}
    and ${ccGroupMembers.groupId} = ${groupId} and ${ccGroupMembers.userId} = ${ccUsers.id})`;

export function selectWorkers(db: D1Db, where: SQL, orderBy: SQL[], limit: number, offset: number) {
  return db
    .select()
    .from(ccUsers)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
}

export function countWorkers(db: D1Db, where: SQL) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(ccUsers)
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}

/** The ids of one page of workers, as a subquery. */
export const workerIdsPage = (db: D1Db, where: SQL, orderBy: SQL[], limit: number, offset: number): SQLiteSelect =>
  db
    .select({ id: ccUsers.id })
    .from(ccUsers)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset)
    .$dynamic();

/** The id of the worker `findWorker` finds, as a subquery. */
export const workerId = (db: D1Db, domainId: number, uuid: string): SQLiteSelect =>
  db
    .select({ id: ccUsers.id })
    .from(ccUsers)
    .where(and(mobileWorkersOf(domainId), eq(ccUsers.userUuid, uuid)))
    .$dynamic();

export function findWorker(db: D1Db, domainId: number, uuid: string) {
  return db
    .select()
    .from(ccUsers)
    .where(and(mobileWorkersOf(domainId), eq(ccUsers.userUuid, uuid)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

/** The group of this domain with that hex id, or null. */
export function findGroupId(db: D1Db, domainId: number, uuid: string) {
  return db
    .select({ id: ccGroups.id })
    .from(ccGroups)
    .where(and(eq(ccGroups.domainId, domainId), eq(ccGroups.groupUuid, uuid)))
    .limit(1)
    .then((r) => r[0]?.id ?? null);
}

export interface WorkerLocation {
  userId: number;
  locationId: string;
  isPrimary: number;
  sharesCases: number;
}

export interface WorkerRelations {
  locations: Map<number, WorkerLocation[]>;
  groups: Map<number, string[]>;
}

/** Locations (in assignment order) and group ids of a page of workers; both run concurrently. */
export async function workerRelations(db: D1Db, domainId: number, ids: number[] | SQLiteSelect): Promise<WorkerRelations> {
  const out: WorkerRelations = { locations: new Map(), groups: new Map() };
  const [locations, groups] = await Promise.all([
    byIds(ids, (chunk) =>
      db
        .select({
          userId: ccUserLocations.userId,
          locationId: ccLocations.locationId,
          isPrimary: ccUserLocations.isPrimary,
          sharesCases: ccLocationTypes.sharesCases,
        })
        .from(ccUserLocations)
        .innerJoin(ccLocations, and(eq(ccLocations.id, ccUserLocations.locationId), eq(ccLocations.domainId, domainId)))
        .innerJoin(ccLocationTypes, eq(ccLocationTypes.id, ccLocations.locationTypeId))
        .where(and(eq(ccUserLocations.domainId, domainId), inArray(ccUserLocations.userId, chunk)))
        .orderBy(asc(ccUserLocations.userId), asc(ccUserLocations.position)),
    ),
    byIds(ids, (chunk) =>
      db
        .select({ userId: ccGroupMembers.userId, groupUuid: ccGroups.groupUuid })
        .from(ccGroupMembers)
        .innerJoin(ccGroups, and(eq(ccGroups.id, ccGroupMembers.groupId), eq(ccGroups.domainId, domainId)))
        .where(and(eq(ccGroupMembers.domainId, domainId), inArray(ccGroupMembers.userId, chunk)))
        .orderBy(asc(ccGroupMembers.userId), asc(ccGroups.name), asc(ccGroups.id)),
    ),
  ]);
  for (const l of locations) out.locations.set(l.userId, [...(out.locations.get(l.userId) ?? []), l]);
  for (const g of groups) out.groups.set(g.userId, [...(out.groups.get(g.userId) ?? []), g.groupUuid]);
  return out;
}

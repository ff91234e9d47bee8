import { and, count, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { D1Db } from "../../db/d1";
import { ccLocations, ccLocationTypes } from "../../db/schema/commcare";

export const parentLoc = alias(ccLocations, "parent_loc");

const columns = {
  loc: ccLocations,
  typeCode: ccLocationTypes.code,
  typeName: ccLocationTypes.name,
  parentLocationId: parentLoc.locationId,
};

export type LocationRow = {
  loc: typeof ccLocations.$inferSelect;
  typeCode: string;
  typeName: string;
  parentLocationId: string | null;
};

const base = (db: D1Db) =>
  db
    .select(columns)
    .from(ccLocations)
    .innerJoin(ccLocationTypes, eq(ccLocationTypes.id, ccLocations.locationTypeId))
    .leftJoin(parentLoc, eq(parentLoc.id, ccLocations.parentId));

/** Active (non-archived) locations of a domain, plus extra conditions. */
export const activeIn = (domainId: number, extra?: SQL) => and(eq(ccLocations.domainId, domainId), eq(ccLocations.isArchived, 0), extra);

export function selectLocations(db: D1Db, where: SQL | undefined, orderBy: SQL[], limit: number, offset: number): Promise<LocationRow[]> {
  return base(db)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
}

export function countLocations(db: D1Db, where: SQL | undefined): Promise<number> {
  return db
    .select({ n: count() })
    .from(ccLocations)
    .innerJoin(ccLocationTypes, eq(ccLocationTypes.id, ccLocations.locationTypeId))
    .leftJoin(parentLoc, eq(parentLoc.id, ccLocations.parentId))
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}

export function findLocation(db: D1Db, domainId: number, locationId: string, includeArchived = false): Promise<LocationRow | null> {
  const cond = includeArchived
    ? and(eq(ccLocations.domainId, domainId), eq(ccLocations.locationId, locationId))
    : activeIn(domainId, eq(ccLocations.locationId, locationId));
  return base(db)
    .where(cond)
    .limit(1)
    .then((r) => r[0] ?? null);
}

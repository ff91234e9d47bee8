import { and, asc, count, eq } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccLocationTypes } from "../../db/schema/commcare";

export function listLocationTypes(db: D1Db, domainId: number, limit: number, offset: number) {
  return db
    .select()
    .from(ccLocationTypes)
    .where(eq(ccLocationTypes.domainId, domainId))
    .orderBy(asc(ccLocationTypes.id))
    .limit(limit)
    .offset(offset);
}

export function countLocationTypes(db: D1Db, domainId: number) {
  return db
    .select({ n: count() })
    .from(ccLocationTypes)
    .where(eq(ccLocationTypes.domainId, domainId))
    .then((r) => r[0]?.n ?? 0);
}

export function findLocationType(db: D1Db, domainId: number, id: number) {
  return db
    .select()
    .from(ccLocationTypes)
    .where(and(eq(ccLocationTypes.domainId, domainId), eq(ccLocationTypes.id, id)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

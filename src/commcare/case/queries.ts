import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccCaseIndices, ccCases } from "../../db/schema/commcare";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { inChunks } from "../in-chunks";

export type CaseRow = typeof ccCases.$inferSelect;
export type IndexRow = typeof ccCaseIndices.$inferSelect;

export function selectCases(db: D1Db, where: SQL | undefined, orderBy: SQL[], limit: number, offset: number) {
  return db
    .select()
    .from(ccCases)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
}

export function countCases(db: D1Db, where: SQL | undefined) {
  return db
    .select({ n: count() })
    .from(ccCases)
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}

/** Cases of a domain by id (chunked under D1's 100 bound parameters). */
export function casesByIds(db: D1Db, domainId: number, ids: string[]): Promise<CaseRow[]> {
  return inChunks(ids, (chunk) =>
    db
      .select()
      .from(ccCases)
      .where(and(eq(ccCases.domainId, domainId), inArray(ccCases.id, chunk))),
  );
}

/** Indices held by the given cases. */
export function indicesOf(db: D1Db, caseIds: string[]): Promise<IndexRow[]> {
  return inChunks(caseIds, (chunk) =>
    db.select().from(ccCaseIndices).where(inArray(ccCaseIndices.caseId, chunk)).orderBy(asc(ccCaseIndices.identifier)),
  );
}

/** Indices pointing at the given cases (their children). */
export function reverseIndicesOf(db: D1Db, domainId: number, caseIds: string[]): Promise<IndexRow[]> {
  return inChunks(caseIds, (chunk) =>
    db
      .select()
      .from(ccCaseIndices)
      .where(and(eq(ccCaseIndices.domainId, domainId), inArray(ccCaseIndices.referencedId, chunk)))
      .orderBy(asc(ccCaseIndices.caseId)),
  );
}

/** Indices held by the cases a subquery selects (a page's ids): read beside the page, not after it. */
export function indicesIn(db: D1Db, caseIds: SQLiteSelect): Promise<IndexRow[]> {
  return db.select().from(ccCaseIndices).where(inArray(ccCaseIndices.caseId, caseIds)).orderBy(asc(ccCaseIndices.identifier));
}

/** The ids of one page of cases, as a subquery. */
export function caseIdsPage(db: D1Db, where: SQL | undefined, orderBy: SQL[], limit: number, offset: number): SQLiteSelect {
  return db
    .select({ id: ccCases.id })
    .from(ccCases)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset)
    .$dynamic();
}

import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccCaseIndices, ccCases } from "../../db/schema/commcare";

export type CaseRow = typeof ccCases.$inferSelect;
export type IndexRow = typeof ccCaseIndices.$inferSelect;

export function selectCases(db: D1Db, where: SQL | undefined, orderBy: SQL[], limit: number, offset: number) {
  return db.select().from(ccCases).where(where).orderBy(...orderBy).limit(limit).offset(offset);
}

export function countCases(db: D1Db, where: SQL | undefined) {
  return db.select({ n: count() }).from(ccCases).where(where).then((r) => r[0]?.n ?? 0);
}

/** Cases of a domain by id (chunked under D1's 100 bound parameters). */
export async function casesByIds(db: D1Db, domainId: number, ids: string[]): Promise<CaseRow[]> {
  const out: CaseRow[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 90) {
    out.push(...(await db.select().from(ccCases).where(and(eq(ccCases.domainId, domainId), inArray(ccCases.id, unique.slice(i, i + 90))))));
  }
  return out;
}

/** Indices held by the given cases. */
export async function indicesOf(db: D1Db, caseIds: string[]): Promise<IndexRow[]> {
  const out: IndexRow[] = [];
  const unique = [...new Set(caseIds)];
  for (let i = 0; i < unique.length; i += 90) {
    out.push(...(await db.select().from(ccCaseIndices).where(inArray(ccCaseIndices.caseId, unique.slice(i, i + 90))).orderBy(asc(ccCaseIndices.identifier))));
  }
  return out;
}

/** Indices pointing at the given cases (their children). */
export async function reverseIndicesOf(db: D1Db, domainId: number, caseIds: string[]): Promise<IndexRow[]> {
  const out: IndexRow[] = [];
  const unique = [...new Set(caseIds)];
  for (let i = 0; i < unique.length; i += 90) {
    out.push(
      ...(await db
        .select()
        .from(ccCaseIndices)
        .where(and(eq(ccCaseIndices.domainId, domainId), inArray(ccCaseIndices.referencedId, unique.slice(i, i + 90))))
        .orderBy(asc(ccCaseIndices.caseId))),
    );
  }
  return out;
}

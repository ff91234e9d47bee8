import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccFormCases, ccForms } from "../../db/schema/commcare";
import { inChunks } from "../in-chunks";

export function selectForms(db: D1Db, where: SQL | undefined, orderBy: SQL[], limit: number, offset: number) {
  return db
    .select()
    .from(ccForms)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .offset(offset);
}

export function countForms(db: D1Db, where: SQL | undefined) {
  return db
    .select({ n: count() })
    .from(ccForms)
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}

export function findForm(db: D1Db, domainId: number, id: string) {
  return db
    .select()
    .from(ccForms)
    .where(and(eq(ccForms.domainId, domainId), eq(ccForms.id, id)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

/** Forms that touched a case (`__retrieved_case_ids`). */
export const touchedCase = (caseId: string) =>
  sql`exists (select 1 from ${ccFormCases} where ${ccFormCases.formId} = ${ccForms.id} and ${ccFormCases.caseId} = ${caseId})`;

/** The case ids each form's case blocks named, in block order. */
export async function caseIdsOfForms(db: D1Db, formIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const rows = await inChunks(formIds, (chunk) =>
    db
      .select({ formId: ccFormCases.formId, caseId: ccFormCases.caseId })
      .from(ccFormCases)
      .where(inArray(ccFormCases.formId, chunk))
      .orderBy(asc(ccFormCases.formId), asc(ccFormCases.position)),
  );
  for (const r of rows) out.set(r.formId, [...(out.get(r.formId) ?? []), r.caseId]);
  return out;
}

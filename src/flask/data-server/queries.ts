import { and, asc, eq, gt, gte, lte, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { formsCrfData } from "../../db/schema/flask";
import { DOC_PAGE, scopeConditions, type DocScope } from "../subject/queries";

export { DOC_PAGE };

/** Document filters that SQL applies (indexed study_id, then residual conditions). */
export interface DocFilters {
  crfName?: string;
  subjectLabel?: string;
  eventName?: string;
  status?: string;
  crfDataId?: string;
  siteId?: number;
  from?: string;
  to?: string;
  statuses?: string[];
  crfNames?: string[];
  formIds?: number[];
}

function filterConditions(f: DocFilters): SQL[] {
  const c: SQL[] = [];
  if (f.crfName !== undefined) c.push(eq(formsCrfData.crfName, f.crfName));
  if (f.subjectLabel !== undefined) c.push(eq(formsCrfData.subjectLabel, f.subjectLabel));
  if (f.eventName !== undefined) c.push(eq(formsCrfData.eventName, f.eventName));
  if (f.status !== undefined) c.push(eq(formsCrfData.status, f.status));
  if (f.crfDataId !== undefined) c.push(eq(formsCrfData.crfDataId, f.crfDataId));
  if (f.siteId !== undefined) c.push(eq(formsCrfData.siteId, f.siteId));
  if (f.from !== undefined) c.push(gte(formsCrfData.dateCreated, f.from));
  if (f.to !== undefined) c.push(lte(formsCrfData.dateCreated, f.to));
  if (f.statuses) c.push(sql`${formsCrfData.status} IN (SELECT value FROM json_each(${JSON.stringify(f.statuses)}))`);
  if (f.crfNames || f.formIds) {
    c.push(
      sql`(${formsCrfData.crfName} IN (SELECT value FROM json_each(${JSON.stringify(f.crfNames ?? [])})) OR ${formsCrfData.formId} IN (SELECT value FROM json_each(${JSON.stringify(f.formIds ?? [])})))`,
    );
  }
  return c;
}

/** Keyset page by id (index forms_crf_data_study_id). */
export function docsById(db: D1Db, studyId: number, scope: DocScope, f: DocFilters, afterId: number) {
  return db
    .select()
    .from(formsCrfData)
    .where(and(eq(formsCrfData.studyId, studyId), gt(formsCrfData.id, afterId), ...scopeConditions(scope), ...filterConditions(f)))
    .orderBy(asc(formsCrfData.id))
    .limit(DOC_PAGE);
}

/**
 * Keyset page by (subject_id, id) (index forms_crf_data_study_subject), for grouping by subject. The
 * cursor is a row value, which SQLite seeks the index to (`study_id=? AND subject_id>?`); the
 * `a > x OR (a = x AND id > y)` form it replaces read every document before the cursor.
 */
export function docsBySubject(db: D1Db, studyId: number, scope: DocScope, f: DocFilters, after: { subjectId: number; id: number }) {
  return db
    .select()
    .from(formsCrfData)
    .where(
      and(
        eq(formsCrfData.studyId, studyId),
        sql`(${formsCrfData.subjectId}, ${formsCrfData.id}) > (${after.subjectId}, ${after.id})`,
        ...scopeConditions(scope),
        ...filterConditions(f),
      ),
    )
    .orderBy(asc(formsCrfData.subjectId), asc(formsCrfData.id))
    .limit(DOC_PAGE);
}

import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { formsCrfData, subjects } from "../../db/schema/flask";
import { sites, studies } from "../../db/schema/foundation";

/** Which CRF documents of a study a caller sees: site-role its sites, subject-role its own subject. */
/** A caller's document scope: ids, or subqueries of them (src/scope/batch.ts) for a page read in the scope's own batch. */
export interface DocScope {
  siteIds: number[] | SQL | null;
  subjectId: number | SQL | null;
}

export function scopeConditions(s: DocScope): SQL[] {
  const conds: SQL[] = [];
  if (Array.isArray(s.siteIds)) conds.push(sql`${formsCrfData.siteId} IN (SELECT value FROM json_each(${JSON.stringify(s.siteIds)}))`);
  else if (s.siteIds !== null) conds.push(sql`${formsCrfData.siteId} IN ${s.siteIds}`);
  if (typeof s.subjectId === "number") conds.push(eq(formsCrfData.subjectId, s.subjectId));
  else if (s.subjectId !== null) conds.push(sql`${formsCrfData.subjectId} = ${s.subjectId}`);
  return conds;
}

export const DOC_PAGE = 500;

/** One keyset page of a form's documents (index forms_crf_data_study_form), with the site code. */
export function formDocsPage(db: D1Db, studyId: number, formId: number, scope: DocScope, afterId: number) {
  return db
    .select({ doc: formsCrfData, site: sites.uniqueIdentifier })
    .from(formsCrfData)
    .leftJoin(sites, eq(sites.id, formsCrfData.siteId))
    .where(and(eq(formsCrfData.studyId, studyId), eq(formsCrfData.formId, formId), gt(formsCrfData.id, afterId), ...scopeConditions(scope)))
    .orderBy(asc(formsCrfData.id))
    .limit(DOC_PAGE);
}

export const nextSubjectIdQuery = (db: D1Db) => db.select({ next: sql<number>`coalesce(max(${subjects.id}), 0) + 1` }).from(subjects);
export const labelTakenQuery = (db: D1Db, studyId: number, label: string) =>
  db
    .select({ id: subjects.id })
    .from(subjects)
    .where(and(eq(subjects.studyId, studyId), eq(subjects.label, label)))
    .limit(1);
export const insertSubject = (db: D1Db, row: typeof subjects.$inferInsert) => db.insert(subjects).values(row);
/** Numerators advance only from the value the label was computed from (a concurrent writer makes this a no-op and the label insert conflicts). */
export const advanceSiteNumerator = (db: D1Db, siteId: number, from: number, to: number) =>
  db
    .update(sites)
    .set({ subjectNumerator: to })
    .where(and(eq(sites.id, siteId), eq(sites.subjectNumerator, from)));
export const advanceStudyNumerator = (db: D1Db, studyId: number, from: number, to: number) =>
  db
    .update(studies)
    .set({ subjectNumerator: to })
    .where(and(eq(studies.id, studyId), eq(studies.subjectNumerator, from)));

import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { forms, formsCrfData, formsEvents, subjects } from "../../db/schema/flask";

export const formByName = (db: D1Db, studyId: number, name: string) =>
  db
    .select()
    .from(forms)
    .where(and(eq(forms.studyId, studyId), eq(forms.name, name)))
    .then((r) => r[0] ?? null);

export const formsOfStudy = (db: D1Db, studyId: number) => db.select().from(forms).where(eq(forms.studyId, studyId)).orderBy(asc(forms.id));

export const subjectByLabel = (db: D1Db, customerId: number, studyId: number, label: string) =>
  db
    .select()
    .from(subjects)
    .where(and(eq(subjects.customerId, customerId), eq(subjects.studyId, studyId), eq(subjects.label, label)))
    .then((r) => r[0] ?? null);

export const nextEventIdQuery = (db: D1Db) => db.select({ next: sql<number>`coalesce(max(${formsEvents.id}), 0) + 1` }).from(formsEvents);
export const nextCrfIdQuery = (db: D1Db) => db.select({ next: sql<number>`coalesce(max(${formsCrfData.id}), 0) + 1` }).from(formsCrfData);
export const nextEventId = (db: D1Db) => nextEventIdQuery(db).then((r) => r[0]!.next);
export const nextCrfId = (db: D1Db) => nextCrfIdQuery(db).then((r) => r[0]!.next);

export const insertEvent = (db: D1Db, row: typeof formsEvents.$inferInsert) => db.insert(formsEvents).values(row);
export const insertCrf = (db: D1Db, row: typeof formsCrfData.$inferInsert) => db.insert(formsCrfData).values(row);

export const crfByDataId = (db: D1Db, customerId: number, crfDataId: string) =>
  db
    .select()
    .from(formsCrfData)
    .where(and(eq(formsCrfData.customerId, customerId), eq(formsCrfData.crfDataId, crfDataId)))
    .then((r) => r[0] ?? null);

export const CRF_IDS_PAGE = 500;

/** One keyset page (by id) of a subject's documents of a CRF name, on index forms_crf_data_subject_crf (subject_id, crf_name, id). */
export function crfIdsPage(db: D1Db, subjectId: number | SQL, crfName: string, eventName: string | undefined, afterId: number) {
  const conds = [
    typeof subjectId === "number" ? eq(formsCrfData.subjectId, subjectId) : sql`${formsCrfData.subjectId} = ${subjectId}`,
    eq(formsCrfData.crfName, crfName),
    gt(formsCrfData.id, afterId),
  ];
  if (eventName !== undefined) conds.push(eq(formsCrfData.eventName, eventName));
  return db
    .select({
      id: formsCrfData.id,
      crfDataId: formsCrfData.crfDataId,
      eventName: formsCrfData.eventName,
      crfName: formsCrfData.crfName,
      status: formsCrfData.status,
      dateCreated: formsCrfData.dateCreated,
      dateUpdated: formsCrfData.dateUpdated,
    })
    .from(formsCrfData)
    .where(and(...conds))
    .orderBy(asc(formsCrfData.id))
    .limit(CRF_IDS_PAGE);
}

export type CrfIdRow = Awaited<ReturnType<typeof crfIdsPage>>[number];

/** Every document of a subject for a CRF name (and event), oldest first, read a keyset page at a time. */
export async function crfIdsOfSubject(db: D1Db, subjectId: number, crfName: string, eventName?: string, firstPage?: CrfIdRow[]) {
  const out: CrfIdRow[] = [];
  for (let after = 0; ; ) {
    const page = after === 0 && firstPage ? firstPage : await crfIdsPage(db, subjectId, crfName, eventName, after);
    out.push(...page);
    if (page.length < CRF_IDS_PAGE) return out;
    after = page.at(-1)!.id;
  }
}

/** Update guarded by the status read, so a CRF closed meanwhile is not changed. */
/**
 * Compare-and-set: changes the document only if it is still exactly as read (data and status) and its
 * study is not closed (status_id 2) meanwhile; RETURNING says whether it did.
 */
export const updateCrfDataIfUnchanged = (
  db: D1Db,
  read: { id: number; data: string; status: string },
  data: string,
  status: string,
  at: string,
) =>
  db
    .update(formsCrfData)
    .set({ data, status, dateUpdated: at })
    .where(
      and(
        eq(formsCrfData.id, read.id),
        eq(formsCrfData.data, read.data),
        eq(formsCrfData.status, read.status),
        sql`NOT EXISTS (SELECT 1 FROM studies WHERE studies.id = ${formsCrfData.studyId} AND studies.status_id = 2)`,
      ),
    )
    .returning({ id: formsCrfData.id });

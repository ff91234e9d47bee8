import { ROLE } from "../../auth/caller";
import type { D1Db } from "../../db/d1";
import { badRequest, forbidden, notFound } from "../../lib/problem";
import type { Scope } from "../../scope";
import { and, eq } from "drizzle-orm";
import { subjects } from "../../db/schema/flask";
import { subjectById, subjectByLabel } from "./queries";

type SubjectRow = NonNullable<Awaited<ReturnType<typeof subjectById>>>;

export interface SubjectRef {
  label?: string;
  id?: number;
}

/**
 * The subject a Forms request acts on, within a study the caller sees: subject-role callers only
 * themselves (their subject is implied when none is named); site-role callers only subjects of
 * their sites. 404 for unknown subjects, 403 for subjects outside the caller's scope. `prefetched`:
 * the row `ref` names, already read with the request's other reads (subjectRefQuery).
 */
export async function subjectInScope(db: D1Db, scope: Scope, studyId: number, ref: SubjectRef, prefetched?: SubjectRow | null) {
  if (scope.roleId === ROLE.SUBJECT) {
    const own = scope.subject;
    if (!own || own.studyId !== studyId) throw forbidden("subject_forbidden", "You are not a subject of this study.");
    if ((ref.label !== undefined && ref.label !== own.label) || (ref.id !== undefined && ref.id !== own.id)) {
      throw forbidden("subject_forbidden", "A subject may only read and write its own CRF data.");
    }
    const mine = prefetched?.id === own.id ? prefetched : await subjectById(db, scope.customerId, own.id);
    if (!mine) throw notFound("subject_not_found", "Your subject record was not found.");
    return mine;
  }
  if (ref.label === undefined && ref.id === undefined) {
    throw badRequest("validation_failed", "Name the subject: subject_label or subject_id.", [
      { path: "/subject_label", message: "required" },
    ]);
  }
  const subject =
    prefetched !== undefined
      ? prefetched
      : ref.id !== undefined
        ? await subjectById(db, scope.customerId, ref.id)
        : await subjectByLabel(db, scope.customerId, studyId, ref.label!);
  if (!subject || subject.studyId !== studyId) throw notFound("subject_not_found", "There is no such subject in this study.");
  if (scope.siteIds !== null && (subject.siteId === null || !scope.siteIds.includes(subject.siteId))) {
    throw forbidden("subject_forbidden", "This subject is not at one of your sites.");
  }
  return subject;
}

/**
 * subjectInScope's checks on a subject row read in the same batch as the scope (crf/queries.ts
 * subjectQuery: by `ref`, or for a subject-role caller naming none, its own subject).
 */
export function assertSubject(scope: Scope, studyId: number, ref: SubjectRef, row: SubjectRow | undefined): SubjectRow {
  if (scope.roleId === ROLE.SUBJECT) {
    const own = scope.subject;
    if (!own || own.studyId !== studyId) throw forbidden("subject_forbidden", "You are not a subject of this study.");
    if ((ref.label !== undefined && ref.label !== own.label) || (ref.id !== undefined && ref.id !== own.id)) {
      throw forbidden("subject_forbidden", "A subject may only read and write its own CRF data.");
    }
    if (!row || row.id !== own.id) throw notFound("subject_not_found", "Your subject record was not found.");
    return row;
  }
  if (ref.label === undefined && ref.id === undefined) {
    throw badRequest("validation_failed", "Name the subject: subject_label or subject_id.", [
      { path: "/subject_label", message: "required" },
    ]);
  }
  if (!row || row.studyId !== studyId) throw notFound("subject_not_found", "There is no such subject in this study.");
  if (scope.siteIds !== null && (row.siteId === null || !scope.siteIds.includes(row.siteId))) {
    throw forbidden("subject_forbidden", "This subject is not at one of your sites.");
  }
  return row;
}

/** The subject row `ref` names (by id, else by label in the study), for a write's read batch; null when it names none. */
export function subjectRefQuery(db: D1Db, customerId: number, studyId: number, ref: SubjectRef) {
  if (ref.id !== undefined)
    return db
      .select()
      .from(subjects)
      .where(and(eq(subjects.customerId, customerId), eq(subjects.id, ref.id)))
      .limit(1);
  if (ref.label !== undefined)
    return db
      .select()
      .from(subjects)
      .where(and(eq(subjects.customerId, customerId), eq(subjects.studyId, studyId), eq(subjects.label, ref.label)))
      .limit(1);
  return null;
}

import { and, eq, sql } from "drizzle-orm";
import { ROLE, type Caller } from "../auth/caller";
import type { D1Db } from "../db/d1";
import { subjects } from "../db/schema/flask";
import { badRequest, forbidden, notFound } from "../lib/problem";
import { ownSubjectIdSql } from "./batch";
import type { Scope, ScopeSubject } from "./policy";

/** A Flask subject as a request names it: by id, else by label within the study. */
export interface SubjectRef {
  label?: string;
  id?: number;
}

/**
 * The subject row `ref` names (by id, else by label in `studyId`), or, naming none, a subject-role
 * caller's own; for a read batch (0 or 1 row), judged by subjectChecked.
 */
export function subjectRowQuery(db: D1Db, caller: Caller, studyId: number, ref: SubjectRef) {
  const own = ownSubjectIdSql(db, caller);
  const named =
    ref.id !== undefined
      ? eq(subjects.id, ref.id)
      : ref.label !== undefined
        ? and(eq(subjects.studyId, studyId), eq(subjects.label, ref.label))
        : own
          ? sql`${subjects.id} = ${own}`
          : sql`0`;
  return db
    .select()
    .from(subjects)
    .where(and(eq(subjects.customerId, caller.customerId), named))
    .limit(1);
}

/**
 * A subject-role caller's own subject, which is all it may name in `studyId` (403 for another label or
 * id, or a study it is no subject of); null for every other role.
 */
export function ownSubjectOnly(scope: Scope, studyId: number, ref: SubjectRef): ScopeSubject | null {
  if (scope.roleId !== ROLE.SUBJECT) return null;
  const own = scope.subject;
  if (!own || own.studyId !== studyId) throw forbidden("subject_forbidden", "You are not a subject of this study.");
  if ((ref.label !== undefined && ref.label !== own.label) || (ref.id !== undefined && ref.id !== own.id)) {
    throw forbidden("subject_forbidden", "A subject may only name itself: its own subject label and id.");
  }
  return own;
}

/** A subject row of `studyId` (404 otherwise) at one of the caller's sites when its role limits it to sites (403 otherwise). */
export function subjectAtCallerSites<S extends { studyId: number; siteId: number | null }>(
  scope: Scope,
  studyId: number,
  row: S | null | undefined,
): S {
  if (!row || row.studyId !== studyId) throw notFound("subject_not_found", "There is no such subject in this study.");
  if (scope.siteIds !== null && (row.siteId === null || !scope.siteIds.includes(row.siteId))) {
    throw forbidden("subject_forbidden", "This subject is not at one of your sites.");
  }
  return row;
}

/**
 * The subject a request acts on, within a study already checked (flaskdata-api.md §3.5), judged on the
 * row read by subjectRowQuery (or read by the subject's id): subject-role callers only themselves
 * (implied when none is named); other roles must name one, 404 for an unknown subject, 403 for one
 * outside a site-role caller's sites.
 */
export function subjectChecked<S extends { id: number; studyId: number; siteId: number | null }>(
  scope: Scope,
  studyId: number,
  ref: SubjectRef,
  row: S | undefined,
): S {
  const own = ownSubjectOnly(scope, studyId, ref);
  if (own) {
    if (!row || row.id !== own.id) throw notFound("subject_not_found", "Your subject record was not found.");
    return row;
  }
  if (ref.label === undefined && ref.id === undefined) {
    throw badRequest("validation_failed", "Name the subject: subject_label or subject_id.", [
      { path: "/subject_label", message: "required" },
    ]);
  }
  return subjectAtCallerSites(scope, studyId, row);
}

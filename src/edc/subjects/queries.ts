import { edcQuery, type Tx } from "../../db/edc";
import { quoteIdent } from "../catalog";

/**
 * SQL of create-subject (flaskdata-api.md §4.8), run inside one EDC transaction. Every table is
 * qualified with the registry's schema through `quoteIdent`; every value is bound.
 */
export type { Tx };

/** The schema's tables, quoted once: `t.study` → `"cc_demo"."study"`. */
export function tables(schema: string) {
  const q = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
  return {
    study: q("study"),
    studyParameterValue: q("study_parameter_value"),
    studySubjectId: q("study_subject_id"),
    subject: q("subject"),
    studySubject: q("study_subject"),
    userAccount: q("user_account"),
    auditLogEvent: q("audit_log_event"),
    oidSeq: `${quoteIdent(schema)}.${quoteIdent("study_subject_oid_id_seq")}`,
  };
}
export type Tables = ReturnType<typeof tables>;

export interface StudyRow {
  study_id: number;
  parent_study_id: number | null;
  unique_identifier: string;
  status_id: number;
}

export async function findSites(tx: Tx, t: Tables, by: { siteId?: number; site?: string }): Promise<StudyRow[]> {
  return edcQuery<StudyRow>(
    tx,
    `SELECT study_id, parent_study_id, unique_identifier, status_id FROM ${t.study}
      WHERE parent_study_id IS NOT NULL AND (study_id = $1::int OR unique_identifier = $2::text)`,
    [by.siteId ?? null, by.site ?? null],
  );
}

export async function parentStudies(tx: Tx, t: Tables): Promise<StudyRow[]> {
  return edcQuery<StudyRow>(
    tx,
    `SELECT study_id, parent_study_id, unique_identifier, status_id FROM ${t.study} WHERE parent_study_id IS NULL ORDER BY study_id`,
  );
}

/**
 * Locks the parent study row until the transaction ends: creations in one study tree (label and
 * person-id checks, counter, OID) run one at a time, so two requests cannot take the same label.
 */
export async function lockStudy(tx: Tx, t: Tables, studyId: number): Promise<StudyRow | undefined> {
  const rows = await edcQuery<StudyRow>(
    tx,
    `SELECT study_id, parent_study_id, unique_identifier, status_id FROM ${t.study} WHERE study_id = $1::int FOR UPDATE`,
    [studyId],
  );
  return rows[0];
}

/** study_parameter_value of the study, overridden by the site's own values. */
export async function parameters(tx: Tx, t: Tables, studyId: number, siteId: number | null): Promise<Map<string, string>> {
  const rows = await edcQuery(
    tx,
    `SELECT study_id, parameter, value FROM ${t.studyParameterValue} WHERE study_id = $1::int OR study_id = $2::int
      ORDER BY (study_id = $2::int), study_parameter_value_id`,
    [studyId, siteId ?? studyId],
  );
  const out = new Map<string, string>();
  for (const r of rows) {
    if (typeof r.parameter !== "string") continue;
    // A site's empty value means "as the study" (ClinCapture stores '' for inherited settings).
    if (r.study_id !== studyId && (r.value === "" || r.value === null)) continue;
    out.set(r.parameter, String(r.value ?? ""));
  }
  return out;
}

/** The EDC user that owns the rows: the caller's `edc_username`, else 1 (root), as ClinCapture's API does. */
export async function ownerId(tx: Tx, t: Tables, edcUsername: string | null): Promise<number> {
  if (!edcUsername) return 1;
  const rows = await edcQuery(tx, `SELECT user_id FROM ${t.userAccount} WHERE user_name = $1::text`, [edcUsername]);
  return rows.length ? Number(rows[0]!.user_id) : 1;
}

/** `findByLabelAndStudy`: an active (status not 5/7) study subject with this label in the study or its sites. */
export async function labelTaken(tx: Tx, t: Tables, label: string, studyId: number): Promise<boolean> {
  const rows = await edcQuery(
    tx,
    `SELECT 1 FROM ${t.studySubject} ss JOIN ${t.study} st ON st.study_id = ss.study_id
      WHERE ss.label = $1::text AND (st.study_id = $2::int OR st.parent_study_id = $2::int) AND ss.status_id NOT IN (5, 7) LIMIT 1`,
    [label, studyId],
  );
  return rows.length > 0;
}

/** `findByUniqueIdentifierAndStudy`: a person ID already used by an active subject of the study tree. */
export async function personIdTaken(tx: Tx, t: Tables, personId: string, studyId: number): Promise<boolean> {
  const rows = await edcQuery(
    tx,
    `SELECT 1 FROM ${t.subject} s JOIN ${t.studySubject} ss ON ss.subject_id = s.subject_id JOIN ${t.study} st ON st.study_id = ss.study_id
      WHERE s.unique_identifier = $1::text AND (st.study_id = $2::int OR st.parent_study_id = $2::int)
        AND ss.status_id NOT IN (5, 7) AND s.status_id NOT IN (5, 7) LIMIT 1`,
    [personId, studyId],
  );
  return rows.length > 0;
}

/** `StudySubjectIdDAO.getNextStudySubjectId`: the counter named after the site (or study) identifier, +1. */
export async function nextLabelNumber(tx: Tx, t: Tables, identifier: string): Promise<number> {
  const updated = await edcQuery(
    tx,
    `UPDATE ${t.studySubjectId} SET index = COALESCE(index, 0) + 1 WHERE name = $1::text RETURNING index`,
    [identifier],
  );
  if (updated.length) return Number(updated[0]!.index);
  await edcQuery(tx, `INSERT INTO ${t.studySubjectId} (name, index, version) VALUES ($1::text, 1, 1)`, [identifier]);
  return 1;
}

export async function oidTaken(tx: Tx, t: Tables, oid: string): Promise<boolean> {
  return (await edcQuery(tx, `SELECT 1 FROM ${t.studySubject} WHERE oc_oid = $1::text LIMIT 1`, [oid])).length > 0;
}

export async function nextOidNumber(tx: Tx, t: Tables): Promise<number> {
  const rows = await edcQuery(tx, `SELECT nextval($1::regclass)::int AS n`, [t.oidSeq]);
  return Number(rows[0]!.n);
}

export interface NewSubject {
  label: string;
  secondaryLabel: string;
  studyId: number;
  ownerId: number;
  enrollmentDate: string | null;
  gender: string;
  dateOfBirth: string | null;
  personId: string;
  ocOid: string;
}

/** §4.8 steps 4–5 and 8: subject, study_subject and ClinCapture's own audit rows (types 5 and 2). */
export async function insertSubject(tx: Tx, t: Tables, s: NewSubject): Promise<{ subjectId: number; studySubjectId: number }> {
  const [subject] = await edcQuery(
    tx,
    `INSERT INTO ${t.subject} (father_id, mother_id, status_id, date_of_birth, gender, unique_identifier, date_created, owner_id, dob_collected)
     VALUES (NULL, NULL, 1, $1::timestamptz, $2::char(1), $3::text, now(), $4::int, $5::boolean) RETURNING subject_id`,
    [s.dateOfBirth ? `${s.dateOfBirth}T00:00:00Z` : null, s.gender, s.personId, s.ownerId, s.dateOfBirth !== null],
  );
  const subjectId = Number(subject!.subject_id);
  const [studySubject] = await edcQuery(
    tx,
    `INSERT INTO ${t.studySubject} (label, subject_id, study_id, status_id, date_created, owner_id, enrollment_date, secondary_label, oc_oid, dynamic_group_class_id)
     VALUES ($1::text, $2::int, $3::int, 1, now(), $4::int, COALESCE($5::timestamptz, now()), $6::text, $7::text, 0) RETURNING study_subject_id`,
    [s.label, subjectId, s.studyId, s.ownerId, s.enrollmentDate ? `${s.enrollmentDate}T00:00:00Z` : null, s.secondaryLabel, s.ocOid],
  );
  const studySubjectId = Number(studySubject!.study_subject_id);
  await edcQuery(
    tx,
    `INSERT INTO ${t.auditLogEvent} (audit_date, audit_table, user_id, entity_id, audit_log_event_type_id, study_subject_id, study_id, new_value)
     VALUES (now(), 'subject', $1::int, $2::int, 5, NULL, $4::int, NULL),
            (now(), 'study_subject', $1::int, $3::int, 2, $3::int, $4::int, $5::text)`,
    [s.ownerId, subjectId, studySubjectId, s.studyId, s.label],
  );
  return { subjectId, studySubjectId };
}

import { forbidden } from "../lib/problem";
import { quoteIdent, type Catalog, type FunctionInfo, type Relation } from "./catalog";

/**
 * Which EDC rows a site-role or subject-role caller may read (customer admins, API and study-role
 * users read every row: no RowScope). EDC sites are child studies (study.parent_study_id set); a
 * Flask site's unique_identifier is its EDC site's.
 */
export interface RowScope {
  /** Unique identifiers of the caller's EDC sites (site role: its sites; subject role: its subject's site). */
  siteCodes: string[];
  /** Subject role: the caller's own subject label (users.study_subject_label); null for the site role. */
  subjectLabel: string | null;
}

/** Binds a value and returns its SQL placeholder (cast to `type`). */
export type Bind = (value: unknown, type: string) => string;

const TEXT_TYPE = /^(text|character varying|varchar|character)\b/;

const q = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

interface TieSql {
  /** study_subject_id of the subjects in scope (sites, and the subject's label for the subject role). */
  studySubjects(): string;
  /** study_id of the caller's EDC sites. */
  siteStudies(): string;
}

/**
 * How each ClinCapture table's rows tie to a site (migrations/edc/0001): through study_subject.study_id
 * (the site, a child study) for the clinical tables; study_id for the site's own rows. `subject: false`:
 * rows of a site, not of a subject, refused to the subject role. Tables not listed (lookups, the study
 * design, user_account) hold no site's rows and are refused to site and subject roles.
 */
const TABLE_TIES: Record<string, { columns: string[]; subject: boolean; sql: (t: TieSql, schema: string) => string }> = {
  study: { columns: ["study_id"], subject: false, sql: (t) => `"study_id" IN (${t.siteStudies()})` },
  study_parameter_value: { columns: ["study_id"], subject: false, sql: (t) => `"study_id" IN (${t.siteStudies()})` },
  study_user_role: { columns: ["study_id"], subject: false, sql: (t) => `"study_id" IN (${t.siteStudies()})` },
  study_subject: { columns: ["study_subject_id"], subject: true, sql: (t) => `"study_subject_id" IN (${t.studySubjects()})` },
  subject: {
    columns: ["subject_id"],
    subject: true,
    sql: (t, s) =>
      `"subject_id" IN (SELECT x."subject_id" FROM ${q(s, "study_subject")} x WHERE x."study_subject_id" IN (${t.studySubjects()}))`,
  },
  study_event: { columns: ["study_subject_id"], subject: true, sql: (t) => `"study_subject_id" IN (${t.studySubjects()})` },
  event_crf: {
    columns: ["study_event_id"],
    subject: true,
    sql: (t, s) =>
      `"study_event_id" IN (SELECT x."study_event_id" FROM ${q(s, "study_event")} x` +
      ` WHERE x."study_subject_id" IN (${t.studySubjects()}))`,
  },
  item_data: {
    columns: ["event_crf_id"],
    subject: true,
    sql: (t, s) =>
      `"event_crf_id" IN (SELECT x."event_crf_id" FROM ${q(s, "event_crf")} x` +
      ` JOIN ${q(s, "study_event")} y ON y."study_event_id" = x."study_event_id"` +
      ` WHERE y."study_subject_id" IN (${t.studySubjects()}))`,
  },
  audit_log_event: { columns: ["study_subject_id"], subject: true, sql: (t) => `"study_subject_id" IN (${t.studySubjects()})` },
};

/** The core tables every tie reads through, with the columns it uses. */
const CORE: Record<string, string[]> = {
  study: ["study_id", "parent_study_id", "unique_identifier"],
  study_subject: ["study_subject_id", "study_id", "subject_id", "label"],
  study_event: ["study_event_id", "study_subject_id"],
  event_crf: ["event_crf_id", "study_event_id"],
};

const hasColumns = (rel: { columns: { name: string }[] } | undefined, names: string[]) =>
  !!rel && names.every((n) => rel.columns.some((c) => c.name === n));

function refuse(name: string, scope: RowScope): never {
  const who = scope.subjectLabel === null ? "your sites" : "your own subject";
  throw forbidden("edc_relation_forbidden", `${name} cannot be limited to ${who}, so your role may not extract it.`);
}

/**
 * The SQL condition that limits `target`'s rows to `scope`, its values bound through `bind`, or a
 * 403 naming the relation when its rows cannot be tied to the caller's sites (or subject). Tables
 * follow TABLE_TIES; any relation or function result with a text `site_id` column (every extraction
 * view: the EDC site's unique identifier) is filtered on it, and for the subject role also on its
 * `subject` column (the subject label).
 */
export function scopeCondition(catalog: Catalog, target: Relation | FunctionInfo, scope: RowScope, bind: Bind): string {
  const codes = () => (scope.siteCodes.length ? scope.siteCodes.map((c) => bind(c, "text")).join(", ") : "NULL");
  const schema = catalog.schema;
  const tie = target.kind === "table" ? TABLE_TIES[target.name] : undefined;
  if (tie) {
    const coreOk = Object.entries(CORE).every(([name, cols]) => hasColumns(catalog.relations.get(name), cols));
    if (!coreOk || !hasColumns(target, tie.columns) || (scope.subjectLabel !== null && !tie.subject)) refuse(target.name, scope);
    const t: TieSql = {
      siteStudies: () =>
        `SELECT z."study_id" FROM ${q(schema, "study")} z WHERE z."parent_study_id" IS NOT NULL AND z."unique_identifier" IN (${codes()})`,
      studySubjects: () =>
        `SELECT w."study_subject_id" FROM ${q(schema, "study_subject")} w JOIN ${q(schema, "study")} z ON z."study_id" = w."study_id"` +
        ` WHERE z."parent_study_id" IS NOT NULL AND z."unique_identifier" IN (${codes()})` +
        (scope.subjectLabel === null ? "" : ` AND w."label" = ${bind(scope.subjectLabel, "text")}`),
    };
    return `(${tie.sql(t, schema)})`;
  }
  const site = target.columns.find((c) => c.name === "site_id" && TEXT_TYPE.test(c.type));
  const subject = target.columns.find((c) => c.name === "subject" && TEXT_TYPE.test(c.type));
  if (!site || (scope.subjectLabel !== null && !subject)) refuse(target.name, scope);
  const bySite = `"site_id" IN (${codes()})`;
  return scope.subjectLabel === null ? `(${bySite})` : `(${bySite} AND "subject" = ${bind(scope.subjectLabel, "text")})`;
}

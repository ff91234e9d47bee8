/**
 * A programmatic corpus of hostile inputs for the EDC extract endpoints, across the five positions
 * of extract-data (tableName, sort, filter keys, filter values, inputVariables) plus the filter keys
 * of the CRF-level extracts. Every case must be refused (400/403 problem+json) before anything runs.
 */
export interface InjectionCase {
  position: "tableName" | "sort" | "filterKey" | "filterValue" | "inputVariables" | "crfFilterKey";
  path: string;
  body: Record<string, unknown>;
}

const E1 = "/edc/study/extract-data";
const E3 = "/edc/study/extract-study-data-at-crf-level";

/** SQL fragments an attacker appends to or puts in place of an identifier. */
const SQL_TAILS = [
  "; DROP TABLE study",
  "; DROP SCHEMA cc_demo CASCADE",
  "; UPDATE study_subject SET label = 'x'",
  "; DELETE FROM item_data",
  "; TRUNCATE study_subject",
  "; INSERT INTO study (oc_oid) VALUES ('x')",
  "; CREATE TABLE pwned (x int)",
  "; ALTER TABLE study DROP COLUMN name",
  "; GRANT ALL ON study TO public",
  "; COPY study TO PROGRAM 'id'",
  "; SELECT pg_sleep(10)",
  "; SET ROLE postgres",
  "; COMMIT; DROP TABLE study",
  " UNION SELECT * FROM user_account",
  " UNION ALL SELECT passwd FROM user_account",
  " WHERE 1=1",
  " OR 1=1",
  "--",
  "/**/",
  "/* comment */",
  "#",
  ")",
  "(",
  "'",
  '"',
  "`",
  "\\",
  "\u0000",
  "\n; DROP TABLE study",
  "\r\n--",
];

/** Identifiers that look right but are not: quoting, case, unicode look-alikes, invisible characters. */
const lookalikes = (name: string) =>
  unchanged(name, [
    `"${name}"`,
    `'${name}'`,
    `\`${name}\``,
    `[${name}]`,
    name.toUpperCase(),
    name[0]!.toUpperCase() + name.slice(1),
    name.replace(/s/g, "\u0455"), // Cyrillic dze
    name.replace(/e/g, "\u0435"), // Cyrillic ie
    name.replace(/a/g, "\u0430").replace(/c/g, "\u0441"), // Cyrillic a / es
    [...name].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join(""), // fullwidth
    `${name}\u200b`, // zero-width space
    `\u202e${name}`, // right-to-left override
    `${name}\u00a0x`,
    `${name}\u0301`, // combining accent
    `cc_demo..${name}`,
    `.${name}`,
    `${name}.`,
  ]);

/** Drops the variants a replacement left equal to the real name (e.g. no "e" to swap). */
const unchanged = (name: string, variants: string[]) => variants.filter((v) => v !== name);

const long = (n: number) => "a".repeat(n);

function tableNames(): string[] {
  const out = [
    "user_account",
    "cc_demo.user_account",
    "pg_catalog.pg_authid",
    "pg_authid",
    "pg_shadow",
    "pg_user",
    "pg_roles",
    "pg_catalog.pg_user",
    "pg_catalog.pg_settings",
    "pg_catalog.pg_proc",
    "information_schema.tables",
    "information_schema.columns",
    "information_schema.role_table_grants",
    "cc_other.study",
    "cc_other.cc_event_data",
    "cc_other.subject_event_data()",
    "public.study",
    "cc_fault.fault_rows",
    "touch_subject()",
    "cc_demo.touch_subject()",
    "touch_subject('DEMO-S01-001')",
    "pg_sleep(10)",
    "pg_catalog.pg_sleep()",
    "pg_read_file('/etc/passwd')",
    "pg_catalog.pg_read_file()",
    "set_config('search_path', 'pg_catalog', false)",
    "lo_import('/etc/passwd')",
    "dblink('host=evil', 'select 1')",
    "current_setting()",
    "now()",
    "version()",
    "subject_event_data('DEMO-S01-001')",
    "subject_event_data(p_subject => 'x')",
    "study()",
    "(select * from user_account)",
    "study s, user_account u",
    "study AS s",
    "study TABLESAMPLE SYSTEM (1)",
    "lateral (select 1)",
    "",
    " ",
    "\t",
    long(64),
    long(201),
    "study_".repeat(40),
    "a.b.c",
    "cc_demo.study.name",
    "1study",
    "study$",
    "study-data",
    "study data",
    "*",
    "%",
    "study%",
    "_",
  ];
  for (const tail of SQL_TAILS) out.push(`study${tail}`);
  out.push(...lookalikes("study"), ...lookalikes("cc_event_data"));
  return out;
}

function sorts(): string[] {
  const out = [
    "nope",
    "subject, nope",
    "passwd",
    "subject desc desc",
    "subject asc nulls first",
    'subject collate "C"',
    "subject using <",
    "1",
    "1 desc",
    "(select 1)",
    "random()",
    "pg_sleep(10)",
    "subject, (case when (select count(*) from user_account) > 0 then subject else event end)",
    "subject,,event",
    ",subject",
    "subject desc,",
    "cc_demo.cc_event_data.subject",
    "cc_event_data.subject",
    long(101),
    "subject " + "desc ".repeat(10),
  ];
  for (const tail of SQL_TAILS.slice(0, 20)) out.push(`subject${tail}`);
  out.push(...lookalikes("subject").slice(0, 12));
  return out;
}

function filterKeys(): string[] {
  const out = [
    "nope",
    "passwd",
    "subject = subject or 1",
    "subject) or (1=1",
    "1=1",
    "subject is not null --",
    "subject::text",
    "lower(subject)",
    "cc_event_data.subject",
    "cc_demo.cc_event_data.subject",
    "pg_catalog.pg_authid",
    "",
    long(101),
  ];
  for (const tail of SQL_TAILS.slice(0, 18)) out.push(`subject${tail}`);
  out.push(...lookalikes("subject").slice(0, 10));
  return out;
}

/** Values that are not a scalar, a null or a flat array of scalars, or that cannot be the column's type. */
function filterValues(): Record<string, unknown>[] {
  return [
    { subject: { $ne: null } },
    { subject: { $gt: "" } },
    { subject: { or: "1=1" } },
    { subject: {} },
    { subject: [] },
    { subject: [[]] },
    { subject: [["DEMO-S01-001"]] },
    { subject: [{ $ne: 1 }] },
    { subject: [null] },
    { subject: "x".repeat(1001) },
    { subject: Array.from({ length: 1001 }, (_, i) => `S${i}`) },
    { event_ordinal: "1 OR 1=1" },
    { event_ordinal: "1; DROP TABLE study" },
    { event_ordinal: "' OR ''='" },
    { event_ordinal: "1)) OR ((1=1" },
    { event_ordinal: ["1", "2 OR 1=1"] },
    { event_ordinal: "1e3" },
    { study_subject_id: "1 UNION SELECT passwd FROM user_account" },
    { event_crf_id: "pg_sleep(10)" },
    { enrollment_date: "2017-01-01'; DROP TABLE study; --" },
  ];
}

/** inputVariables for the STABLE function subject_event_data(p_subject text). */
function inputVariables(): { tableName: string; inputVariables: unknown }[] {
  const fn = "subject_event_data()";
  const names = [
    "subject",
    "p_subject; DROP TABLE study",
    "p_subject--",
    '"p_subject"',
    "p_subject)",
    "p_subject => 'x'), pg_sleep((10",
    "P_SUBJECT",
    "p_\u0455ubject",
    "1",
    "",
    long(101),
  ];
  return [
    ...names.map((n) => ({ tableName: fn, inputVariables: { [n]: "DEMO-S01-001" } })),
    { tableName: fn, inputVariables: { p_subject: { $ne: "" } } },
    { tableName: fn, inputVariables: { p_subject: ["DEMO-S01-001"] } },
    { tableName: fn, inputVariables: { p_subject: "x", extra: 1 } },
    { tableName: fn, inputVariables: {} },
    { tableName: fn, inputVariables: "p_subject => 'x'" },
    { tableName: "cc_event_data", inputVariables: { p_subject: "x" } },
    { tableName: "crf_item_values()", inputVariables: { p_crf: "Demographics", p_from: "2019-01-01'; DROP TABLE study; --" } },
    { tableName: "crf_item_values()", inputVariables: { p_crf: "Demographics", p_to: "not a date" } },
    { tableName: "touch_subject()", inputVariables: { p_label: "DEMO-S01-001" } },
  ];
}

export function injectionCorpus(): { path: string; c: InjectionCase }[] {
  const cases: InjectionCase[] = [];
  for (const tableName of tableNames()) cases.push({ position: "tableName", path: E1, body: { tableName } });
  for (const sort of sorts()) cases.push({ position: "sort", path: E1, body: { tableName: "cc_event_data", sort } });
  for (const key of filterKeys())
    cases.push({ position: "filterKey", path: E1, body: { tableName: "cc_event_data", filters: { [key]: "DEMO-S01-001" } } });
  for (const filters of filterValues()) {
    const tableName = "study_subject_id" in filters || "enrollment_date" in filters ? "study_subject" : "cc_event_data";
    cases.push({ position: "filterValue", path: E1, body: { tableName, filters } });
  }
  for (const v of inputVariables()) cases.push({ position: "inputVariables", path: E1, body: v });
  for (const key of filterKeys().slice(0, 20)) {
    cases.push({ position: "crfFilterKey", path: E3, body: { filters: { [key]: "x" } } });
    cases.push({ position: "crfFilterKey", path: E3, body: { filtersNotIn: { [key]: "a|b" } } });
  }
  return cases.map((c) => ({ path: c.path, c }));
}

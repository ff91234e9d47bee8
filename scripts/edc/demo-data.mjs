// Deterministic demo content for the emulated ClinCapture EDC schemas (flaskdata-api.md §4).
//
//   demoDataSql(schema)        SQL that fills one schema already created by migrations/edc/*.sql:
//                              'cc_other' → the small "Other Study"; any other name → the "Demo Study".
//   studySkeletonSql(design)   users, study, sites, parameters, label counters, events, CRFs, versions, sections,
//                              items, groups, response sets and metadata of one design — no subjects. Used by
//                              demoDataSql and by scripts/edc/generate.mjs.
//   demoDesign(), otherDesign(), benchDesign(opts)   the designs (plain objects; ids are explicit).
//   resetSequencesSql()        setval() of every serial sequence to max(id)+1, so later inserts don't collide.
//
// The SQL uses unqualified names: run it with search_path set to the target schema (scripts/edc/load.mjs does).
// No randomness: every value is computed from indexes, so two runs produce byte-identical SQL.

const DAY = 86_400_000;
const HOUR = 3_600_000;

// ------------------------------------------------------------------------------------------------------------------
// SQL literal helpers
// ------------------------------------------------------------------------------------------------------------------
class Raw {
  constructor(text) {
    this.text = text;
  }
}
const raw = (text) => new Raw(text);

function lit(v) {
  if (v === null || v === undefined) return "NULL";
  if (v instanceof Raw) return v.text;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`non-finite number in SQL literal: ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Date) return `'${tsz(v)}'`;
  return `'${String(v).replaceAll("'", "''")}'`;
}

/** timestamptz literal text in UTC, e.g. 2017-03-01 09:00:00+00 */
function tsz(d) {
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "+00");
}
/** naive timestamp literal (ClinCapture's `timestamp without time zone` columns, read as UTC) */
function tsNaive(d) {
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "");
}
const ymd = (d) => d.toISOString().slice(0, 10);
const addDays = (d, n) => new Date(d.getTime() + n * DAY);
const addHours = (d, n) => new Date(d.getTime() + n * HOUR);
const utc = (s) => new Date(`${s}T00:00:00Z`);
const pad = (n, w) => String(n).padStart(w, "0");

function insertSql(table, rows, chunk = 400) {
  if (!rows.length) return "";
  const cols = Object.keys(rows[0]);
  const out = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => `  (${cols.map((c) => lit(r[c])).join(", ")})`);
    out.push(`INSERT INTO ${table} (${cols.join(", ")}) VALUES\n${values.join(",\n")};`);
  }
  return out.join("\n");
}

// ------------------------------------------------------------------------------------------------------------------
// OIDs (ClinCapture OidGenerator conventions)
// ------------------------------------------------------------------------------------------------------------------
/** upper-case, strip whitespace and non-word characters (underscore survives), first 8 characters */
export function oidStem(text) {
  return String(text)
    .replace(/[\s\W]/g, "")
    .toUpperCase()
    .slice(0, 8);
}

/**
 * StudySubjectOidGenerator (§4.8.6): "SS_" + first8(label); while taken → "SS_" + stem + "_" + zeroPad7(nextval).
 * `state.used` is a Set of OIDs, `state.seq` the last value of study_subject_oid_id_seq.
 */
export function studySubjectOid(label, state) {
  const stem = oidStem(label);
  let oid = `SS_${stem}`;
  while (state.used.has(oid)) {
    state.seq += 1;
    oid = `SS_${stem}_${pad(state.seq, 7)}`;
  }
  state.used.add(oid);
  return oid;
}

/** ClinCapture auto label: identifier + "-" + zeroPad3(n) (≥ 100 unpadded), §4.8.2 */
export function autoLabel(identifier, n) {
  return `${identifier}-${n < 100 ? pad(n, 3) : String(n)}`;
}

// ------------------------------------------------------------------------------------------------------------------
// Designs
// ------------------------------------------------------------------------------------------------------------------
const ROOT_FAKE_HASH = "fake-sha1:0000000000000000000000000000000000000000";

function baseUsers(extra = []) {
  return [
    {
      id: 1,
      userName: "root",
      firstName: "Root",
      lastName: "User",
      email: "root@clincapture.invalid",
      typeId: 1,
      passwd: ROOT_FAKE_HASH,
      webservices: false,
    },
    {
      id: 2,
      userName: "api_demo",
      firstName: "API",
      lastName: "Demo",
      email: "api_demo@clincapture.invalid",
      typeId: 2,
      passwd: "fake-sha1:1111111111111111111111111111111111111111",
      webservices: true,
    },
    ...extra,
  ];
}

const DEMO_CRFS = [
  {
    id: 1,
    name: "Demographics",
    oid: "F_DEMOGRAPHICS",
    description: "Subject demographics",
    version: { id: 1, name: "v1.0", oid: "F_DEMOGRAPHICS_V10", description: "Initial version" },
    section: { label: "DEM", title: "Demographics" },
    groups: [
      {
        name: "Ungrouped",
        oid: "IG_DEMOG_UNGROUPED",
        repeating: false,
        items: [
          { id: 1, name: "BRTHDAT", description: "Date of birth", type: "DATE", response: { type: "text" } },
          {
            id: 2,
            name: "SEX",
            description: "Sex",
            type: "ST",
            response: { type: "radio", label: "SEX", text: "Male,Female", values: "M,F" },
          },
          {
            id: 3,
            name: "RACE",
            description: "Race",
            type: "ST",
            response: {
              type: "single-select",
              label: "RACE",
              text: "White,Black or African American,Asian,Other",
              values: "WHITE,BLACK,ASIAN,OTHER",
            },
          },
        ],
      },
    ],
  },
  {
    id: 2,
    name: "Vital Signs",
    oid: "F_VITALSIGNS",
    description: "Blood pressure and weight",
    version: { id: 2, name: "v1.0", oid: "F_VITALSIGNS_V10", description: "Initial version" },
    section: { label: "VS", title: "Vital Signs" },
    groups: [
      {
        name: "Ungrouped",
        oid: "IG_VITAL_UNGROUPED",
        repeating: false,
        items: [
          { id: 4, name: "SYSBP", description: "Systolic blood pressure", type: "INT", units: "mmHg", response: { type: "text" } },
          { id: 5, name: "DIABP", description: "Diastolic blood pressure", type: "INT", units: "mmHg", response: { type: "text" } },
          { id: 6, name: "WEIGHT", description: "Weight", type: "REAL", units: "kg", response: { type: "text" } },
        ],
      },
    ],
  },
  {
    id: 3,
    name: "Adverse Events",
    oid: "F_ADVERSEEVENTS",
    description: "Adverse events log",
    version: { id: 3, name: "v1.0", oid: "F_ADVERSEEVENTS_V10", description: "Initial version" },
    section: { label: "AE", title: "Adverse Events" },
    groups: [
      {
        name: "Ungrouped",
        oid: "IG_ADVER_UNGROUPED",
        repeating: false,
        items: [
          {
            id: 7,
            name: "AEYN",
            description: "Any adverse events?",
            type: "ST",
            response: { type: "radio", label: "YESNO", text: "Yes,No", values: "Y,N" },
          },
        ],
      },
      {
        name: "AE",
        oid: "IG_ADVER_AE",
        repeating: true,
        repeatMax: 10,
        items: [
          { id: 8, name: "AETERM", description: "Adverse event term", type: "ST", response: { type: "text" } },
          {
            id: 9,
            name: "AESEV",
            description: "Severity",
            type: "INT",
            response: { type: "single-select", label: "SEVERITY", text: "Mild,Moderate,Severe", values: "1,2,3" },
          },
          { id: 10, name: "AESTDAT", description: "Start date", type: "DATE", response: { type: "text" } },
        ],
      },
    ],
  },
];

const DEMO_EVENTS = [
  {
    id: 1,
    name: "Screening",
    oid: "SE_SCREENING",
    repeating: false,
    type: "scheduled",
    category: "Screening",
    day: 0,
    crfs: ["Demographics", "Vital Signs"],
  },
  {
    id: 2,
    name: "Visit 1",
    oid: "SE_VISIT1",
    repeating: true,
    type: "scheduled",
    category: "Treatment",
    day: 30,
    repeatEvery: 60,
    crfs: ["Vital Signs", "Adverse Events"],
  },
  {
    id: 3,
    name: "Follow-up",
    oid: "SE_FOLLOWUP",
    repeating: false,
    type: "scheduled",
    category: "Follow-up",
    day: 180,
    crfs: ["Vital Signs", "Adverse Events"],
  },
];

const SUBJECT_ID_PARAMETERS = [
  ["subjectIdGeneration", "auto-editable"],
  ["autoGeneratedPrefix", "SiteID"],
  ["autoGeneratedSeparator", "-"],
  ["autoGeneratedSuffix", "3"],
  ["subjectIdPrefixSuffix", ""],
  ["studySubjectIdLabel", "Subject ID"],
  ["secondaryIdRequired", "not_used"],
  ["secondaryIdLabel", "Secondary ID"],
  ["dateOfEnrollmentForStudyRequired", "no"],
  ["dateOfEnrollmentForStudyLabel", "Date of Enrollment for Study"],
  ["genderRequired", "false"],
  ["genderLabel", "Sex"],
  ["collectDob", "1"],
  ["subjectPersonIdRequired", "optional"],
  ["personIdShownOnCRF", "false"],
  ["discrepancyManagement", "true"],
  ["interviewerNameRequired", "not_used"],
  ["interviewDateRequired", "not_used"],
  ["eventLocationRequired", "not_used"],
  ["instanceType", "development"],
];

/** "Demo Study" (cc_demo): 2 sites, 3 events, 3 CRFs, 20 subjects. */
export function demoDesign() {
  return {
    key: "demo",
    created: utc("2017-01-16"),
    users: baseUsers([
      {
        id: 3,
        userName: "demo_crc_s01",
        firstName: "Carol",
        lastName: "Boston",
        email: "crc.s01@clincapture.invalid",
        typeId: 2,
        passwd: "fake-sha1:3333333333333333333333333333333333333333",
        site: "DEMO-S01",
        role: "clinical_research_coordinator",
      },
      {
        id: 4,
        userName: "demo_crc_s02",
        firstName: "Dana",
        lastName: "Haifa",
        email: "crc.s02@clincapture.invalid",
        typeId: 2,
        passwd: "fake-sha1:4444444444444444444444444444444444444444",
        site: "DEMO-S02",
        role: "clinical_research_coordinator",
      },
    ]),
    study: {
      id: 1,
      identifier: "DEMO",
      oid: "S_DEMO",
      name: "Demo Study",
      title: "TrialEdge demonstration study (emulated ClinCapture EDC)",
      pi: "Dr. Alice Demo",
      sponsor: "TrialEdge",
      phase: "phase_ii",
      enrollment: 40,
    },
    sites: [
      {
        id: 2,
        identifier: "DEMO-S01",
        oid: "S_DEMOS01",
        name: "Site 01 Boston",
        pi: "Dr. Bob Boston",
        city: "Boston",
        country: "United States",
        enrollment: 20,
      },
      {
        id: 3,
        identifier: "DEMO-S02",
        oid: "S_DEMOS02",
        name: "Site 02 Haifa",
        pi: "Dr. Hana Haifa",
        city: "Haifa",
        country: "Israel",
        enrollment: 20,
      },
    ],
    events: DEMO_EVENTS,
    crfs: DEMO_CRFS,
  };
}

/** "Other Study" (cc_other): 1 site, 1 event, 1 CRF, 3 subjects — proves per-EDC isolation. */
export function otherDesign() {
  return {
    key: "other",
    created: utc("2018-01-08"),
    users: baseUsers([
      {
        id: 3,
        userName: "oth_crc_s01",
        firstName: "Omer",
        lastName: "Other",
        email: "crc.oth@clincapture.invalid",
        typeId: 2,
        passwd: "fake-sha1:5555555555555555555555555555555555555555",
        site: "OTH-S01",
        role: "clinical_research_coordinator",
      },
    ]),
    study: {
      id: 1,
      identifier: "OTH",
      oid: "S_OTH",
      name: "Other Study",
      title: "A second, unrelated EDC study",
      pi: "Dr. Olga Other",
      sponsor: "TrialEdge",
      phase: "phase_i",
      enrollment: 10,
    },
    sites: [
      {
        id: 2,
        identifier: "OTH-S01",
        oid: "S_OTHS01",
        name: "Other Site 01",
        pi: "Dr. Olga Other",
        city: "London",
        country: "United Kingdom",
        enrollment: 10,
      },
    ],
    events: [
      {
        id: 1,
        name: "Baseline",
        oid: "SE_BASELINE",
        repeating: false,
        type: "scheduled",
        category: "Baseline",
        day: 0,
        crfs: ["Lab Results"],
      },
    ],
    crfs: [
      {
        id: 1,
        name: "Lab Results",
        oid: "F_LABRESULTS",
        description: "Local laboratory results",
        version: { id: 1, name: "v1.0", oid: "F_LABRESULTS_V10", description: "Initial version" },
        section: { label: "LB", title: "Lab Results" },
        groups: [
          {
            name: "Ungrouped",
            oid: "IG_LABRE_UNGROUPED",
            repeating: false,
            items: [
              { id: 1, name: "LBDAT", description: "Sample date", type: "DATE", response: { type: "text" } },
              { id: 2, name: "HGB", description: "Hemoglobin", type: "REAL", units: "g/dL", response: { type: "text" } },
              { id: 3, name: "WBC", description: "White blood cells", type: "REAL", units: "10^9/L", response: { type: "text" } },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * Design for generated benchmark data: the Demo Study's events and CRFs under another identifier,
 * with `sites` sites named <IDENTIFIER>-S01 … (used by scripts/edc/generate.mjs).
 */
export function benchDesign({ identifier = "BENCH", name = "Benchmark Study", sites = 10 } = {}) {
  if (!/^[A-Z][A-Z0-9]{0,15}$/.test(identifier)) throw new Error(`bad study identifier: ${identifier}`);
  const siteList = [];
  for (let s = 1; s <= sites; s++) {
    const ident = `${identifier}-S${pad(s, 2)}`;
    siteList.push({
      id: s + 1,
      identifier: ident,
      oid: `S_${oidStem(ident)}`,
      name: `Site ${pad(s, 2)}`,
      pi: `Dr. Site ${pad(s, 2)}`,
      city: "",
      country: "",
      enrollment: 0,
    });
  }
  // site OIDs must be unique: stems of long identifiers can collide, so fall back to an explicit suffix
  const seen = new Set();
  for (const s of siteList) {
    if (seen.has(s.oid)) s.oid = `S_${oidStem(identifier)}_${pad(s.id, 4)}`;
    seen.add(s.oid);
  }
  return {
    key: "bench",
    created: utc("2017-02-01"),
    users: baseUsers(),
    study: {
      id: 1,
      identifier,
      oid: `S_${oidStem(identifier)}`,
      name,
      title: `${name} (generated data)`,
      pi: "Dr. Bench",
      sponsor: "TrialEdge",
      phase: "phase_iii",
      enrollment: 0,
    },
    sites: siteList,
    events: DEMO_EVENTS,
    crfs: DEMO_CRFS,
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Skeleton: everything but subjects
// ------------------------------------------------------------------------------------------------------------------
/** Flattened metadata of a design, with the derived ids the SQL uses. */
export function designMetadata(design) {
  let groupId = 0,
    igmId = 0,
    ifmId = 0,
    rsId = 0,
    sectionId = 0,
    edcId = 0;
  const crfs = design.crfs.map((crf) => {
    sectionId += 1;
    const section = { id: sectionId, ...crf.section };
    const items = [];
    const groups = crf.groups.map((g) => ({ ...g, id: ++groupId }));
    let ordinal = 0;
    const responseSets = new Map();
    for (const g of groups) {
      for (const it of g.items) {
        ordinal += 1;
        const r = it.response;
        const rsKey = r.label ? `${r.type}:${r.label}` : r.type;
        if (!responseSets.has(rsKey)) {
          rsId += 1;
          responseSets.set(rsKey, { id: rsId, type: r.type, label: r.label ?? r.type, text: r.text ?? r.type, values: r.values ?? r.type });
        }
        items.push({ ...it, group: g, ordinal, ifmId: ++ifmId, igmId: ++igmId, responseSet: responseSets.get(rsKey) });
      }
    }
    return { ...crf, section, groups, items, responseSets: [...responseSets.values()] };
  });
  const crfByName = new Map(crfs.map((c) => [c.name, c]));
  const events = design.events.map((ev) => ({
    ...ev,
    crfs: ev.crfs.map((name, i) => {
      const crf = crfByName.get(name);
      if (!crf) throw new Error(`event ${ev.name}: unknown CRF ${name}`);
      return { crf, edcId: ++edcId, ordinal: i + 1 };
    }),
  }));
  return { crfs, events, crfByName };
}

const RESPONSE_TYPE_IDS = {
  text: 1,
  textarea: 2,
  checkbox: 3,
  file: 4,
  radio: 5,
  "single-select": 6,
  "multi-select": 7,
  calculation: 8,
  "group-calculation": 9,
  "instant-calculation": 10,
};
const DATA_TYPE_IDS = { BL: 1, BN: 2, ED: 3, TEL: 4, ST: 5, INT: 6, REAL: 7, SET: 8, DATE: 9, PDATE: 10, FILE: 11 };

/** users, study, sites, parameters, label counters (index 0), events, CRFs and their metadata. */
export function studySkeletonSql(design) {
  const t0 = design.created;
  const at = (h) => addHours(t0, h);
  const { crfs, events } = designMetadata(design);
  const parts = [`-- study skeleton: ${design.study.name} (${design.study.identifier})`];

  parts.push(
    insertSql(
      "user_account",
      design.users.map((u, i) => ({
        user_id: u.id,
        user_name: u.userName,
        passwd: u.passwd,
        first_name: u.firstName,
        last_name: u.lastName,
        email: u.email,
        active_study: design.study.id,
        institutional_affiliation: "TrialEdge demo",
        status_id: 1,
        owner_id: 1,
        date_created: at(i),
        date_updated: null,
        passwd_timestamp: at(i),
        user_type_id: u.typeId,
        enabled: true,
        account_non_locked: true,
        run_webservices: Boolean(u.webservices),
        time_zone_id: "UTC",
      })),
    ),
  );

  const s = design.study;
  const studyRows = [
    {
      study_id: s.id,
      parent_study_id: null,
      unique_identifier: s.identifier,
      secondary_identifier: "",
      name: s.name,
      summary: s.title,
      official_title: s.title,
      brief_title: s.name,
      principal_investigator: s.pi,
      facility_name: "",
      facility_city: "",
      facility_country: "",
      expected_total_enrollment: s.enrollment,
      protocol_type: "interventional",
      phase: s.phase,
      sponsor: s.sponsor,
      date_planned_start: t0,
      date_planned_end: addDays(t0, 1095),
      date_created: at(1),
      date_updated: null,
      owner_id: 1,
      update_id: null,
      type_id: 2,
      status_id: 1,
      old_status_id: 1,
      oc_oid: s.oid,
      origin: "gui",
    },
  ];
  design.sites.forEach((site, i) =>
    studyRows.push({
      study_id: site.id,
      parent_study_id: s.id,
      unique_identifier: site.identifier,
      secondary_identifier: "",
      name: site.name,
      summary: "",
      official_title: "",
      brief_title: "",
      principal_investigator: site.pi,
      facility_name: site.name,
      facility_city: site.city,
      facility_country: site.country,
      expected_total_enrollment: site.enrollment,
      protocol_type: "interventional",
      phase: s.phase,
      sponsor: s.sponsor,
      date_planned_start: t0,
      date_planned_end: addDays(t0, 1095),
      date_created: at(2 + i),
      date_updated: null,
      owner_id: 1,
      update_id: null,
      type_id: 2,
      status_id: 1,
      old_status_id: 1,
      oc_oid: site.oid,
      origin: "gui",
    }),
  );
  parts.push(insertSql("study", studyRows));

  const params = SUBJECT_ID_PARAMETERS.map(([parameter, value]) => ({ study_id: s.id, value, parameter }));
  for (const site of design.sites) {
    params.push({ study_id: site.id, value: "auto-editable", parameter: "subjectIdGeneration" });
    params.push({ study_id: site.id, value: "", parameter: "subjectIdPrefixSuffix" });
  }
  parts.push(
    insertSql(
      "study_parameter_value",
      params.map((p, i) => ({ study_parameter_value_id: i + 1, ...p })),
    ),
  );

  const roles = [
    { role_name: "system_administrator", study_id: s.id, user_name: "root" },
    { role_name: "study_administrator", study_id: s.id, user_name: "api_demo" },
  ];
  for (const u of design.users) {
    if (!u.site) continue;
    const site = design.sites.find((x) => x.identifier === u.site);
    roles.push({ role_name: u.role, study_id: site.id, user_name: u.userName });
  }
  parts.push(
    insertSql(
      "study_user_role",
      roles.map((r, i) => ({
        study_user_role_id: i + 1,
        ...r,
        status_id: 1,
        owner_id: 1,
        date_created: at(3),
        date_updated: null,
        update_id: null,
      })),
    ),
  );

  parts.push(
    insertSql(
      "study_subject_id",
      [s, ...design.sites].map((x, i) => ({
        id: i + 1,
        name: x.identifier,
        index: 0,
        version: 1,
      })),
    ),
  );

  parts.push(
    insertSql(
      "study_event_definition",
      events.map((ev, i) => ({
        study_event_definition_id: ev.id,
        study_id: s.id,
        name: ev.name,
        description: "",
        repeating: ev.repeating,
        type: ev.type,
        category: ev.category,
        owner_id: 1,
        status_id: 1,
        date_created: at(4),
        date_updated: null,
        update_id: null,
        ordinal: i + 1,
        oc_oid: ev.oid,
        day_min: 0,
        day_max: 0,
        day_email: 0,
        schedule_day: ev.day,
        reference_visit: false,
        email_user_id: 0,
      })),
    ),
  );

  parts.push(
    insertSql(
      "crf",
      crfs.map((c) => ({
        crf_id: c.id,
        status_id: 1,
        name: c.name,
        description: c.description,
        owner_id: 1,
        date_created: at(5),
        date_updated: null,
        update_id: null,
        oc_oid: c.oid,
        source_study_id: s.id,
        auto_layout: false,
        source: "excel",
      })),
    ),
  );
  parts.push(
    insertSql(
      "crf_version",
      crfs.map((c) => ({
        crf_version_id: c.version.id,
        crf_id: c.id,
        name: c.version.name,
        description: c.version.description,
        revision_notes: "initial",
        status_id: 1,
        date_created: at(5),
        date_updated: null,
        owner_id: 1,
        update_id: null,
        oc_oid: c.version.oid,
      })),
    ),
  );
  parts.push(
    insertSql(
      "section",
      crfs.map((c) => ({
        section_id: c.section.id,
        crf_version_id: c.version.id,
        status_id: 1,
        label: c.section.label,
        title: c.section.title,
        subtitle: "",
        instructions: "",
        page_number_label: "",
        ordinal: 1,
        parent_id: 0,
        date_created: at(5),
        date_updated: null,
        owner_id: 1,
        update_id: null,
        borders: 0,
      })),
    ),
  );
  parts.push(
    insertSql(
      "item_group",
      crfs.flatMap((c) =>
        c.groups.map((g) => ({
          item_group_id: g.id,
          name: g.name,
          crf_id: c.id,
          status_id: 1,
          date_created: at(5),
          date_updated: null,
          owner_id: 1,
          update_id: null,
          oc_oid: g.oid,
        })),
      ),
    ),
  );
  parts.push(
    insertSql(
      "item",
      crfs.flatMap((c) =>
        c.items.map((it) => ({
          item_id: it.id,
          name: it.name,
          description: it.description,
          units: it.units ?? "",
          phi_status: false,
          item_data_type_id: DATA_TYPE_IDS[it.type],
          item_reference_type_id: 1,
          status_id: 1,
          owner_id: 1,
          date_created: at(5),
          date_updated: null,
          update_id: null,
          oc_oid: `I_${oidStem(c.name).slice(0, 5)}_${it.name}`,
          sas_name: it.name.slice(0, 8),
        })),
      ),
    ),
  );
  parts.push(
    insertSql(
      "response_set",
      crfs.flatMap((c) =>
        c.responseSets.map((r) => ({
          response_set_id: r.id,
          response_type_id: RESPONSE_TYPE_IDS[r.type],
          label: r.label,
          options_text: r.text,
          options_values: r.values,
          version_id: c.version.id,
        })),
      ),
    ),
  );
  parts.push(
    insertSql(
      "item_form_metadata",
      crfs.flatMap((c) =>
        c.items.map((it) => ({
          item_form_metadata_id: it.ifmId,
          item_id: it.id,
          crf_version_id: c.version.id,
          header: "",
          subheader: "",
          parent_id: 0,
          parent_label: "",
          column_number: 1,
          page_number_label: "",
          question_number_label: String(it.ordinal),
          left_item_text: it.description,
          right_item_text: "",
          section_id: c.section.id,
          response_set_id: it.responseSet.id,
          regexp: "",
          regexp_error_msg: "",
          ordinal: it.ordinal,
          required: !it.group.repeating,
          default_value: "",
          response_layout: it.responseSet.type === "radio" ? "Horizontal" : "",
          width_decimal: "",
          show_item: true,
          code_ref: "",
          pseudo_child: 0,
        })),
      ),
    ),
  );
  parts.push(
    insertSql(
      "item_group_metadata",
      crfs.flatMap((c) =>
        c.items.map((it) => ({
          item_group_metadata_id: it.igmId,
          item_group_id: it.group.id,
          header: it.group.repeating ? it.group.name : "",
          subheader: "",
          layout: it.group.repeating ? "Horizontal" : "",
          repeat_number: 1,
          repeat_max: it.group.repeating ? (it.group.repeatMax ?? 10) : 1,
          repeat_array: "",
          row_start_number: 0,
          crf_version_id: c.version.id,
          item_id: it.id,
          ordinal: it.ordinal,
          borders: 0,
          show_group: true,
          repeating_group: Boolean(it.group.repeating),
        })),
      ),
    ),
  );
  parts.push(
    insertSql(
      "event_definition_crf",
      events.flatMap((ev) =>
        ev.crfs.map((x) => ({
          event_definition_crf_id: x.edcId,
          study_event_definition_id: ev.id,
          study_id: s.id,
          crf_id: x.crf.id,
          required_crf: true,
          double_entry: false,
          require_all_text_filled: false,
          decision_conditions: false,
          null_values: "",
          default_version_id: x.crf.version.id,
          status_id: 1,
          owner_id: 1,
          date_created: at(6),
          date_updated: null,
          update_id: null,
          ordinal: x.ordinal,
          electronic_signature: false,
          hide_crf: false,
          source_data_verification_code: 3,
          selected_version_ids: "",
          parent_id: null,
          evaluated_crf: false,
          tabbing_mode: "leftToRight",
          accept_new_crf_versions: false,
        })),
      ),
    ),
  );
  return parts.filter(Boolean).join("\n");
}

// ------------------------------------------------------------------------------------------------------------------
// Subjects and clinical data (demo and other)
// ------------------------------------------------------------------------------------------------------------------
const AE_TERMS = ["Headache", "Nausea", "Fatigue", "Dizziness", "Rash", "Insomnia", "Back pain"];
const LAST_DATE = new Date("2019-06-30T12:00:00Z");
const clampDate = (d) => (d > LAST_DATE ? LAST_DATE : d);

/** the value an item gets: by item name for the demo CRFs, by data type otherwise */
function itemValue(it, k, evIndex, occ, ordinal, eventDate, subjectRow) {
  switch (it.name) {
    case "BRTHDAT":
      return ymd(subjectRow.date_of_birth);
    case "SEX":
      return subjectRow.gender === "f" ? "F" : "M";
    case "RACE":
      return k === 5 ? "" : ["WHITE", "BLACK", "ASIAN", "OTHER", "WHITE"][k % 5];
    case "SYSBP":
      return String(105 + ((k * 7 + occ * 11 + evIndex * 5) % 50));
    case "DIABP":
      return String(65 + ((k * 5 + occ * 3 + evIndex * 7) % 30));
    case "WEIGHT":
      return `${55 + ((k * 13 + occ * 7 + evIndex) % 45)}.${(k + occ + evIndex) % 10}`;
    case "AETERM":
      return AE_TERMS[(k * 3 + ordinal + evIndex) % AE_TERMS.length];
    case "AESEV":
      return String(1 + ((k + ordinal) % 3));
    case "AESTDAT":
      return ymd(addDays(eventDate, -3 * ordinal));
    case "LBDAT":
      return ymd(eventDate);
    case "HGB":
      return `${11 + (k % 5)}.${(k * 3) % 10}`;
    case "WBC":
      return `${4 + (k % 6)}.${(k * 7) % 10}`;
    default:
      switch (it.type) {
        case "INT":
          return String(10 + ((k * 7 + ordinal) % 90));
        case "REAL":
          return `${10 + (k % 90)}.${ordinal % 10}`;
        case "DATE":
          return ymd(eventDate);
        default:
          return `${it.name} ${k + 1}`;
      }
  }
}

/**
 * Subjects, events, event CRFs, item data and audit rows of a design, as row objects.
 * `plan` = [{ site, startDate }] (one entry per subject, in enrolment order).
 */
function clinicalRows(design, plan) {
  const { events } = designMetadata(design);
  const rows = { subject: [], study_subject: [], study_event: [], event_crf: [], item_data: [], audit_log_event: [] };
  const counters = new Map(design.sites.map((s) => [s.identifier, 0]));
  const oidState = { used: new Set(), seq: 0 };
  const userBySite = new Map(design.users.filter((u) => u.site).map((u) => [u.site, u.id]));
  let seId = 0,
    ecId = 0,
    idId = 0,
    ecSerial = 0;

  plan.forEach(({ site, startDate }, k) => {
    const n = counters.get(site.identifier) + 1;
    counters.set(site.identifier, n);
    const label = autoLabel(site.identifier, n);
    const owner = userBySite.get(site.identifier) ?? 2;
    const enrolled = addHours(startDate, 9 + (k % 3));
    const subjectRow = {
      subject_id: k + 1,
      father_id: null,
      mother_id: null,
      status_id: 1,
      date_of_birth: utc(`${1950 + ((k * 7) % 45)}-${pad(1 + (k % 12), 2)}-${pad(1 + ((k * 5) % 28), 2)}`),
      gender: k % 3 === 0 ? "m" : "f",
      unique_identifier: k < 5 ? `${design.study.identifier}-P${pad(k + 1, 3)}` : "",
      date_created: enrolled,
      owner_id: owner,
      date_updated: null,
      update_id: null,
      dob_collected: true,
    };
    rows.subject.push(subjectRow);
    const ssRow = {
      study_subject_id: k + 1,
      label,
      secondary_label: "",
      subject_id: k + 1,
      study_id: site.id,
      status_id: 1,
      enrollment_date: startDate,
      date_created: enrolled,
      date_updated: null,
      owner_id: owner,
      update_id: null,
      oc_oid: studySubjectOid(label, oidState),
      dynamic_group_class_id: 0,
      old_status_id: 1,
      states: "0,0,0,0",
    };
    rows.study_subject.push(ssRow);
    rows.audit_log_event.push(
      {
        audit_date: enrolled,
        audit_table: "subject",
        user_id: owner,
        entity_id: k + 1,
        entity_name: null,
        audit_log_event_type_id: 5,
        new_value: null,
        study_subject_id: null,
        study_id: site.id,
      },
      {
        audit_date: addHours(enrolled, 0.001),
        audit_table: "study_subject",
        user_id: owner,
        entity_id: k + 1,
        entity_name: null,
        audit_log_event_type_id: 2,
        new_value: null,
        study_subject_id: k + 1,
        study_id: site.id,
      },
    );

    events.forEach((ev, evIndex) => {
      const occurrences = ev.repeating ? (k % 3 === 0 ? 2 : 1) : 1;
      for (let occ = 1; occ <= occurrences; occ++) {
        const eventDate = addHours(addDays(startDate, ev.day + (occ - 1) * (ev.repeatEvery ?? 0)), 9 + (k % 4));
        // the last event of a multi-event design is only scheduled (no data yet) for every 4th subject
        const scheduledOnly = events.length > 1 && evIndex === events.length - 1 && k % 4 === 3;
        seId += 1;
        const seRow = {
          study_event_id: seId,
          study_event_definition_id: ev.id,
          study_subject_id: k + 1,
          location: "",
          sample_ordinal: occ,
          date_start: raw(`'${tsNaive(eventDate)}'`),
          date_end: null,
          owner_id: owner,
          status_id: 1,
          date_created: addHours(eventDate, -24 * 7),
          date_updated: null,
          update_id: null,
          subject_event_status_id: scheduledOnly ? 1 : 4,
          start_time_flag: false,
          end_time_flag: false,
        };
        rows.study_event.push(seRow);
        if (scheduledOnly) {
          // a placeholder event_crf: not started, no item data — must never show up in extracts
          ecId += 1;
          rows.event_crf.push(
            eventCrfRow(ecId, seId, ev.crfs[0].crf.version.id, k + 1, owner, eventDate, {
              status_id: 1,
              not_started: true,
              completed: false,
              updated: null,
            }),
          );
          continue;
        }
        let allComplete = true;
        for (const { crf } of ev.crfs) {
          ecId += 1;
          ecSerial += 1;
          const created = addHours(eventDate, 2 + (ecSerial % 5));
          const complete = ecSerial % 4 !== 1;
          allComplete &&= complete;
          const updated = ecSerial % 3 === 0 ? clampDate(addDays(created, 5 + ((ecSerial * 37) % 240))) : null;
          rows.event_crf.push(
            eventCrfRow(ecId, seId, crf.version.id, k + 1, owner, created, {
              status_id: complete ? 2 : 1,
              not_started: false,
              completed: complete ? addHours(created, 1) : null,
              updated,
            }),
          );
          // repeating-group rows: AE count depends on the subject/visit; 'N' → one empty row (as ClinCapture saves it)
          const aeAny = (k + evIndex + occ) % 4 !== 3;
          const aeRows = aeAny ? 1 + ((k + evIndex) % 3) : 1;
          crf.items.forEach((it, itemIndex) => {
            const ordinals = it.group.repeating ? aeRows : 1;
            for (let ordinal = 1; ordinal <= ordinals; ordinal++) {
              let value;
              if (it.name === "AEYN") value = aeAny ? "Y" : "N";
              else if (it.group.repeating && !aeAny) value = "";
              else value = itemValue(it, k, evIndex, occ, ordinal, eventDate, subjectRow);
              idId += 1;
              const itemUpdated = updated && (itemIndex + ordinal) % 2 === 0 ? updated : null;
              rows.item_data.push({
                item_data_id: idId,
                item_id: it.id,
                event_crf_id: ecId,
                status_id: 1,
                value,
                date_created: addHours(created, 0.25),
                date_updated: itemUpdated,
                owner_id: owner,
                update_id: itemUpdated ? owner : null,
                ordinal,
                old_status_id: null,
                sdv: false,
              });
            }
          });
        }
        seRow.subject_event_status_id = allComplete ? 4 : 3;
      }
    });
  });
  return { rows, counters, oidState };
}

function eventCrfRow(id, seId, versionId, ssId, owner, created, o) {
  return {
    event_crf_id: id,
    study_event_id: seId,
    crf_version_id: versionId,
    date_interviewed: created,
    interviewer_name: "",
    completion_status_id: 1,
    status_id: o.status_id,
    annotations: "",
    date_completed: o.completed ? raw(`'${tsNaive(o.completed)}'`) : null,
    validator_id: 0,
    owner_id: owner,
    date_created: created,
    study_subject_id: ssId,
    date_updated: o.updated,
    update_id: o.updated ? owner : null,
    electronic_signature_status: false,
    sdv_status: false,
    old_status_id: 1,
    sdv_update_id: 0,
    not_started: o.not_started,
    states: "0,0,0,0",
  };
}

/** setval() every serial sequence of the schema to max(pk)+1 (is_called=false), study_subject_oid_id_seq too */
export function resetSequencesSql(oidSeqLast = null) {
  const serials = [
    ["user_account", "user_id"],
    ["study_user_role", "study_user_role_id"],
    ["study", "study_id"],
    ["study_parameter_value", "study_parameter_value_id"],
    ["study_subject_id", "id"],
    ["subject", "subject_id"],
    ["study_subject", "study_subject_id"],
    ["study_event_definition", "study_event_definition_id"],
    ["crf", "crf_id"],
    ["crf_version", "crf_version_id"],
    ["event_definition_crf", "event_definition_crf_id"],
    ["section", "section_id"],
    ["item", "item_id"],
    ["item_group", "item_group_id"],
    ["item_group_metadata", "item_group_metadata_id"],
    ["response_set", "response_set_id"],
    ["item_form_metadata", "item_form_metadata_id"],
    ["study_event", "study_event_id"],
    ["event_crf", "event_crf_id"],
    ["item_data", "item_data_id"],
    ["audit_log_event", "audit_id"],
  ];
  const lines = serials.map(
    ([t, c]) => `SELECT setval(pg_get_serial_sequence('${t}', '${c}'), COALESCE((SELECT max(${c}) FROM ${t}), 0) + 1, false);`,
  );
  if (oidSeqLast !== null) {
    lines.push(
      oidSeqLast > 0
        ? `SELECT setval('study_subject_oid_id_seq', ${oidSeqLast}, true);`
        : `SELECT setval('study_subject_oid_id_seq', 1, false);`,
    );
  }
  return lines.join("\n");
}

function demoPlan(design) {
  // 20 subjects: even k → site 01, odd k → site 02, the last two → site 01 (11 + 9);
  // enrolment every 24 days from 2017-03-01 (last one 2018-05-31; last follow-up 2018-11-27).
  const [s01, s02] = design.sites;
  return Array.from({ length: 20 }, (_, k) => ({
    site: k % 2 === 0 || k >= 18 ? s01 : s02,
    startDate: addDays(utc("2017-03-01"), k * 24),
  }));
}

function otherPlan(design) {
  return Array.from({ length: 3 }, (_, k) => ({ site: design.sites[0], startDate: addDays(utc("2018-02-05"), k * 21) }));
}

/** Apply the demo's removed rows, which every extract must leave out. Returns a description (for tests/docs). */
function applyDemoRemovals(rows) {
  const removed = { studySubjects: [], eventCrfs: [], itemData: [] };
  const ssByLabel = new Map(rows.study_subject.map((r) => [r.label, r]));
  const byItem = (ec, itemId) => rows.item_data.filter((d) => d.event_crf_id === ec && d.item_id === itemId);
  const later = (d, days) => clampDate(addDays(d, days));

  // 1. study subject DEMO-S01-004 removed (status 5); its events/CRFs/items keep status 1 on purpose,
  //    so only the study_subject rule hides them.
  const ss = ssByLabel.get("DEMO-S01-004");
  ss.status_id = 5;
  ss.old_status_id = 1;
  ss.date_updated = later(ss.date_created, 40);
  ss.update_id = 1;
  removed.studySubjects.push(ss.study_subject_id);
  rows.audit_log_event.push({
    audit_date: ss.date_updated,
    audit_table: "study_subject",
    user_id: 1,
    entity_id: ss.study_subject_id,
    entity_name: "Status",
    audit_log_event_type_id: 3,
    new_value: "5",
    study_subject_id: ss.study_subject_id,
    study_id: ss.study_id,
  });

  // 2. one event_crf auto-removed (status 7): DEMO-S02-002's first Visit 1 Vital Signs; items keep status 1.
  const ss2 = ssByLabel.get("DEMO-S02-002");
  const se = rows.study_event.find(
    (e) => e.study_subject_id === ss2.study_subject_id && e.study_event_definition_id === 2 && e.sample_ordinal === 1,
  );
  const ec = rows.event_crf.find((e) => e.study_event_id === se.study_event_id && e.crf_version_id === 2);
  ec.old_status_id = ec.status_id;
  ec.status_id = 7;
  ec.date_updated = later(ec.date_created, 20);
  ec.update_id = 1;
  removed.eventCrfs.push(ec.event_crf_id);

  // 3. item_data removed (status 5): the 3rd AE row of the first two AE CRFs that have one,
  //    and WEIGHT at Screening of DEMO-S01-003 and DEMO-S02-005.
  const aeWithThree = [...new Set(rows.item_data.filter((d) => d.item_id === 8 && d.ordinal === 3).map((d) => d.event_crf_id))].slice(0, 2);
  const removeItem = (d) => {
    d.old_status_id = d.status_id;
    d.status_id = 5;
    d.date_updated = later(d.date_created, 3);
    d.update_id = 1;
    removed.itemData.push(d.item_data_id);
  };
  for (const ecid of aeWithThree) {
    rows.item_data.filter((d) => d.event_crf_id === ecid && d.ordinal === 3).forEach(removeItem);
  }
  for (const lbl of ["DEMO-S01-003", "DEMO-S02-005"]) {
    const s = ssByLabel.get(lbl);
    const scr = rows.study_event.find((e) => e.study_subject_id === s.study_subject_id && e.study_event_definition_id === 1);
    const vs = rows.event_crf.find((e) => e.study_event_id === scr.study_event_id && e.crf_version_id === 2);
    byItem(vs.event_crf_id, 6).forEach(removeItem);
  }
  return removed;
}

function clinicalSql(_design, rows, counters, oidState) {
  const parts = [
    insertSql("subject", rows.subject),
    insertSql("study_subject", rows.study_subject),
    insertSql("study_event", rows.study_event),
    insertSql("event_crf", rows.event_crf),
    insertSql("item_data", rows.item_data),
    insertSql(
      "audit_log_event",
      rows.audit_log_event.map((a) => ({
        audit_date: a.audit_date,
        audit_table: a.audit_table,
        user_id: a.user_id,
        entity_id: a.entity_id,
        entity_name: a.entity_name,
        reason_for_change: null,
        audit_log_event_type_id: a.audit_log_event_type_id,
        old_value: a.audit_log_event_type_id === 3 ? "1" : null,
        new_value: a.new_value,
        study_subject_id: a.study_subject_id,
        study_id: a.study_id,
      })),
    ),
  ];
  for (const [name, index] of counters) {
    parts.push(`UPDATE study_subject_id SET index = ${index} WHERE name = ${lit(name)};`);
  }
  parts.push(resetSequencesSql(oidState.seq));
  return parts.filter(Boolean).join("\n");
}

/** The removed/auto-removed rows of the demo (ids), as applied by demoDataSql('cc_demo'). */
export function demoRemovedRows() {
  const design = demoDesign();
  const { rows } = clinicalRows(design, demoPlan(design));
  return applyDemoRemovals(rows);
}

/**
 * SQL (deterministic) that fills one EDC schema created by migrations/edc/*.sql. Run it with search_path set to
 * that schema. 'cc_other' gets the "Other Study"; every other schema name gets the "Demo Study".
 */
export function demoDataSql(schema) {
  if (schema === "cc_other") {
    const design = otherDesign();
    const { rows, counters, oidState } = clinicalRows(design, otherPlan(design));
    return [`-- demo data for ${schema}: Other Study`, studySkeletonSql(design), clinicalSql(design, rows, counters, oidState)].join("\n");
  }
  const design = demoDesign();
  const { rows, counters, oidState } = clinicalRows(design, demoPlan(design));
  applyDemoRemovals(rows);
  return [`-- demo data for ${schema}: Demo Study`, studySkeletonSql(design), clinicalSql(design, rows, counters, oidState)].join("\n");
}

import { beforeAll, describe, expect, it } from "vitest";
import { edcPost, edcSql } from "../helpers/edc";
import { API, SITE, STUDY, SUBJECT, tokenOf } from "../helpers/flask";
import { parseCsv, zipEntries } from "../helpers/zip";

// The EDC row scope of every /edc operation for the study, site and subject roles (issue 13 V1).
// site@demo.test works at Flask site DEMO-S01 only; subject@demo.test is subject DEMO-S01-001.
// The expected rows are derived from the API user's (whole-customer) answers, filtered here.
type Row = Record<string, any>;

const extract = async (email: string, body: unknown) => {
  const res = await edcPost("/edc/study/extract-data", body, { token: await tokenOf(email) });
  return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") };
};
const rowsOf = async (email: string, body: unknown): Promise<Row[]> => {
  const r = await extract(email, body);
  expect(r.status, r.text).toBe(200);
  return JSON.parse(r.text) as Row[];
};
const refused = async (email: string, body: { tableName: string }, name: string) => {
  const r = await extract(email, body);
  expect(r.status, r.text).toBe(403);
  expect(r.contentType).toBe("application/problem+json");
  const problem = JSON.parse(r.text);
  expect(problem.error).toBe("edc_relation_forbidden");
  expect(problem.detail).toContain(name);
};

/** Every relation of cc_demo as the catalog lists it, and which the whole-customer API user may read. */
let relations: { name: string; kind: string }[] = [];
let functions: string[] = [];
/** EDC study_id of site DEMO-S01 and the ids of its rows, from the API user's answers. */
const ids = () => new Set<number>();
const s01 = { studyId: 0, studySubjects: ids(), subjects: ids(), events: ids(), eventCrfs: ids() };

beforeAll(async () => {
  const sql = edcSql();
  relations = (await sql`select c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = 'cc_demo' and c.relkind in ('r', 'v', 'm') order by 1`) as unknown as typeof relations;
  functions = (
    await sql`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                         where n.nspname = 'cc_demo' and p.provolatile <> 'v' order by 1`
  ).map((r) => r.name as string);
  const study = await rowsOf(API, { tableName: "study" });
  s01.studyId = study.find((s) => s.unique_identifier === "DEMO-S01")!.study_id;
  const ss = (await rowsOf(API, { tableName: "study_subject" })).filter((r) => r.study_id === s01.studyId);
  s01.studySubjects = new Set(ss.map((r) => r.study_subject_id));
  s01.subjects = new Set(ss.map((r) => r.subject_id));
  const events = (await rowsOf(API, { tableName: "study_event" })).filter((r) => s01.studySubjects.has(r.study_subject_id));
  s01.events = new Set(events.map((r) => r.study_event_id));
  const eventCrfs = (await rowsOf(API, { tableName: "event_crf" })).filter((r) => s01.events.has(r.study_event_id));
  s01.eventCrfs = new Set(eventCrfs.map((r) => r.event_crf_id));
});

describe("issue 13 V1 reproductions: a site-role user reads only its own site", () => {
  it("study_subject: only the subjects of DEMO-S01 (not 21 rows with 10 of DEMO-S02)", async () => {
    const all = await rowsOf(API, { tableName: "study_subject" });
    const mine = await rowsOf(SITE, { tableName: "study_subject" });
    expect(all.some((r) => r.label.startsWith("DEMO-S02-"))).toBe(true);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.study_id === s01.studyId && r.label.startsWith("DEMO-S01-"))).toBe(true);
    expect(mine).toEqual(all.filter((r) => r.study_id === s01.studyId));
  });

  it("cc_event_data: only DEMO-S01 item values", async () => {
    const all = await rowsOf(API, { tableName: "cc_event_data" });
    const mine = await rowsOf(SITE, { tableName: "cc_event_data" });
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((r) => r.site_id))).toEqual(new Set(["DEMO-S01"]));
    expect(mine).toEqual(all.filter((r) => r.site_id === "DEMO-S01"));
  });

  it("extract-study-data-at-crf-level {}: only DEMO-S01 rows", async () => {
    const res = await edcPost("/edc/study/extract-study-data-at-crf-level", {}, { token: await tokenOf(SITE) });
    expect(res.status).toBe(200);
    const mine = (await res.json()) as Record<string, Row[]>;
    const all = (await (await edcPost("/edc/study/extract-study-data-at-crf-level", {})).json()) as Record<string, Row[]>;
    const rows = Object.values(mine).flat();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.site_id === "DEMO-S01")).toBe(true);
    const expected = Object.values(all)
      .flat()
      .filter((r) => r.site_id === "DEMO-S01");
    expect(rows).toEqual(expected);
  });

  it("subject_event_data() of another site's subject: no rows; of its own site's subject: all of them", async () => {
    expect(await rowsOf(API, { tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S02-001" } })).toHaveLength(17);
    expect(await rowsOf(SITE, { tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S02-001" } })).toEqual([]);
    const own = await rowsOf(SITE, { tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S01-001" } });
    expect(own.length).toBeGreaterThan(0);
    expect(own).toEqual(await rowsOf(API, { tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S01-001" } }));
  });
});

describe("extract-data, site role: every relation of the catalog is limited to DEMO-S01 or refused naming it", () => {
  /** The rows of each tied table that belong to DEMO-S01, by the ids read from the API user's answers. */
  const own: Record<string, (r: Row) => boolean> = {
    study: (r) => r.study_id === s01.studyId,
    study_parameter_value: (r) => r.study_id === s01.studyId,
    study_user_role: (r) => r.study_id === s01.studyId,
    study_subject: (r) => s01.studySubjects.has(r.study_subject_id),
    subject: (r) => s01.subjects.has(r.subject_id),
    study_event: (r) => s01.studySubjects.has(r.study_subject_id),
    event_crf: (r) => s01.events.has(r.study_event_id),
    item_data: (r) => s01.eventCrfs.has(r.event_crf_id),
    audit_log_event: (r) => s01.studySubjects.has(r.study_subject_id),
  };
  const views = ["cc_event_data", "cross_event_crf_data", "adae_adverse_events_reduced"];

  it("tables tied through study / study_subject answer exactly the DEMO-S01 rows; the others are refused", async () => {
    expect(relations.length).toBeGreaterThan(20);
    for (const { name, kind } of relations) {
      if (name === "user_account") continue; // credentials: refused to everyone (catalog-names tests)
      if (kind === "v") continue;
      if (own[name]) {
        const all = await rowsOf(API, { tableName: name });
        expect(await rowsOf(SITE, { tableName: name }), name).toEqual(all.filter(own[name]));
      } else {
        await refused(SITE, { tableName: name }, name);
      }
    }
  });

  it("views with a site_id column answer only DEMO-S01 rows (flattened wide rows too)", async () => {
    expect(
      relations
        .filter((r) => r.kind === "v")
        .map((r) => r.name)
        .sort(),
    ).toEqual([...views].sort());
    for (const name of views) {
      const all = await rowsOf(API, { tableName: name });
      expect(
        all.some((r) => r.site_id === "DEMO-S02"),
        name,
      ).toBe(true);
      const mine = await rowsOf(SITE, { tableName: name });
      expect(mine.length, name).toBeGreaterThan(0);
      // A view has no order of its own (no sort asked): compare as sets of rows.
      const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(mine), name).toEqual(sorted(all.filter((r) => r.site_id === "DEMO-S01")));
    }
  });

  it("functions with a site_id result column are filtered on it", async () => {
    expect(functions.sort()).toEqual(["crf_item_values", "site_subject_counts", "subject_event_data"]);
    const counts = await rowsOf(SITE, { tableName: "site_subject_counts()" });
    expect(counts).toEqual((await rowsOf(API, { tableName: "site_subject_counts()" })).filter((r) => r.site_id === "DEMO-S01"));
    expect(counts).toHaveLength(1);
    const body = { tableName: "crf_item_values()", inputVariables: { p_crf: "Vital Signs" } };
    const all = await rowsOf(API, body);
    expect(all.some((r) => r.site_id === "DEMO-S02")).toBe(true);
    expect(await rowsOf(SITE, body)).toEqual(all.filter((r) => r.site_id === "DEMO-S01"));
  });

  it("user filters combine with the scope: asking for DEMO-S02 by filter or sort still gives nothing of it", async () => {
    expect(await rowsOf(SITE, { tableName: "cc_event_data", filters: { site_id: "DEMO-S02" } })).toEqual([]);
    expect(await rowsOf(SITE, { tableName: "cc_event_data", filters: { subject: ["DEMO-S02-001", "DEMO-S02-002"] } })).toEqual([]);
  });

  it("NDJSON and CSV carry the same limit", async () => {
    const token = await tokenOf(SITE);
    const ndjson = { token, accept: "application/x-ndjson" };
    const nd = await (await edcPost("/edc/study/extract-data", { tableName: "cc_event_data" }, ndjson)).text();
    const lines = nd
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Row);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((r) => r.site_id === "DEMO-S01")).toBe(true);
    const csvRes = await edcPost("/edc/study/extract-data", { tableName: "cross_event_crf_data" }, { token, accept: "text/csv" });
    const csv = parseCsv(await csvRes.text());
    const col = csv[0]!.indexOf("site_id");
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).every((r) => r[col] === "DEMO-S01")).toBe(true);
  });
});

describe("CRF-level zips (E2, E4): site role gets only DEMO-S01 rows", () => {
  const csvRows = async (email: string, path: string) => {
    const res = await edcPost(path, {}, { token: await tokenOf(email) });
    expect(res.status).toBe(200);
    const out: Record<string, string[][]> = {};
    for (const [name, text] of await zipEntries(res)) out[name] = parseCsv(text);
    return out;
  };

  it.each(["/edc/study/extract-study-data-at-crf-level-to-csvs", "/edc/study/download-csvs-data"])("%s", async (path) => {
    const all = await csvRows(API, path);
    const mine = await csvRows(SITE, path);
    let seen = 0;
    for (const [name, rows] of Object.entries(all)) {
      const site = rows[0]!.indexOf("site");
      const kept = rows.slice(1).filter((r) => r[site] === "Site 01 Boston");
      const got = mine[name] ?? [];
      // Same header when the file exists; only the files/rows of DEMO-S01.
      if (got.length) expect(got[0], name).toEqual(rows[0]);
      expect(got.slice(1), name).toEqual(kept);
      seen += kept.length;
    }
    expect(seen).toBeGreaterThan(0);
    expect(
      Object.values(all)
        .flatMap((rows) => rows.slice(1))
        .some((r) => r.includes("Site 02 Haifa")),
    ).toBe(true);
  });
});

describe("subject role: only its own subject (DEMO-S01-001)", () => {
  it("study_subject, cc_event_data, crf-level: the subject's rows only", async () => {
    const ss = await rowsOf(SUBJECT, { tableName: "study_subject" });
    expect(ss.map((r) => r.label)).toEqual(["DEMO-S01-001"]);
    const all = await rowsOf(API, { tableName: "cc_event_data" });
    const mine = await rowsOf(SUBJECT, { tableName: "cc_event_data" });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual(all.filter((r) => r.site_id === "DEMO-S01" && r.subject === "DEMO-S01-001"));
    const crfRes = await edcPost("/edc/study/extract-study-data-at-crf-level", {}, { token: await tokenOf(SUBJECT) });
    const crf = (await crfRes.json()) as Record<string, Row[]>;
    const rows = Object.values(crf).flat();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.subject === "DEMO-S01-001" && r.site_id === "DEMO-S01")).toBe(true);
    const items = await rowsOf(SUBJECT, { tableName: "item_data" });
    const ownCrfs = new Set(mine.map((r) => r.event_crf_id));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => ownCrfs.has(r.event_crf_id) || r.status_id === 5 || r.status_id === 7 || r.value === "")).toBe(true);
  });

  it("another subject's rows: none, even when asked by name", async () => {
    expect(await rowsOf(SUBJECT, { tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S01-002" } })).toEqual([]);
    expect(await rowsOf(SUBJECT, { tableName: "cc_event_data", filters: { subject: "DEMO-S01-002" } })).toEqual([]);
  });

  it("site-level relations (the site row, its settings, its per-site counts) are refused naming them", async () => {
    await refused(SUBJECT, { tableName: "study" }, "study");
    await refused(SUBJECT, { tableName: "study_parameter_value" }, "study_parameter_value");
    await refused(SUBJECT, { tableName: "site_subject_counts()" }, "site_subject_counts");
    await refused(SUBJECT, { tableName: "crf" }, "crf");
  });

  it("zips hold only the subject's rows", async () => {
    const res = await edcPost("/edc/study/extract-study-data-at-crf-level-to-csvs", {}, { token: await tokenOf(SUBJECT) });
    expect(res.status).toBe(200);
    const files = await zipEntries(res);
    expect(files.length).toBeGreaterThan(0);
    for (const [, text] of files) {
      const rows = parseCsv(text);
      const col = rows[0]!.indexOf("subject");
      expect(rows.slice(1).every((r) => r[col] === "DEMO-S01-001")).toBe(true);
    }
  });

  it("create-subject: 403 role_forbidden, nothing written", async () => {
    const res = await edcPost("/edc/subjects/create-subject", { site: "DEMO-S01", label: "SUBJ-TRY" }, { token: await tokenOf(SUBJECT) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Row).error).toBe("role_forbidden");
    expect(await rowsOf(API, { tableName: "study_subject", filters: { label: "SUBJ-TRY" } })).toEqual([]);
  });
});

describe("create-subject by role (nothing is written: every request stops before the insert)", () => {
  const create = async (email: string, body: unknown) => {
    const res = await edcPost("/edc/subjects/create-subject", body, { token: await tokenOf(email) });
    return { status: res.status, error: ((await res.json()) as Row).error };
  };
  // DEMO-P001 is a person ID already used in the study: a request that passes the scope ends in 409 and rolls back.
  it("site role: 403 site_forbidden at DEMO-S02; at its own site it passes the scope", async () => {
    expect(await create(SITE, { site: "DEMO-S02", personId: "DEMO-P001" })).toEqual({ status: 403, error: "site_forbidden" });
    expect(await create(SITE, { site: "DEMO-S01", personId: "DEMO-P001" })).toEqual({ status: 409, error: "duplicate_person_id" });
  });
  it("study role: any site of its study passes the scope", async () => {
    expect(await create(STUDY, { site: "DEMO-S02", personId: "DEMO-P001" })).toEqual({ status: 409, error: "duplicate_person_id" });
    expect(await create(STUDY, { site: "NO-SUCH-SITE" })).toEqual({ status: 400, error: "unknown_site" });
  });
});

describe("study role and API user: answers unchanged, byte for byte", () => {
  it.each([
    { tableName: "study_subject" },
    { tableName: "cc_event_data" },
    { tableName: "crf" },
    { tableName: "item_data" },
    { tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S02-001" } },
    { tableName: "site_subject_counts()" },
  ])("extract-data %o", async (body) => {
    const api = await extract(API, body);
    const study = await extract(STUDY, body);
    expect(api.status).toBe(200);
    expect(JSON.parse(api.text).length).toBeGreaterThan(0);
    expect(study.text).toBe(api.text);
  });

  it("extract-study-data-at-crf-level", async () => {
    const api = await (await edcPost("/edc/study/extract-study-data-at-crf-level", {})).text();
    const study = await (await edcPost("/edc/study/extract-study-data-at-crf-level", {}, { token: await tokenOf(STUDY) })).text();
    expect(study).toBe(api);
    expect(api).toContain("DEMO-S02");
  });

  it.each(["/edc/study/extract-study-data-at-crf-level-to-csvs", "/edc/study/download-csvs-data"])("%s", async (path) => {
    const api = await zipEntries(await edcPost(path, {}));
    const study = await zipEntries(await edcPost(path, {}, { token: await tokenOf(STUDY) }));
    expect(study).toEqual(api);
    expect(api.some(([, text]) => text.includes("Site 02 Haifa"))).toBe(true);
  });
});

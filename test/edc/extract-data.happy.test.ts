import { describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";

type Row = Record<string, unknown>;
const extract = async (body: unknown, accept?: string) => {
  const res = await edcPost("/edc/study/extract-data", body, { accept });
  expect(res.status).toBe(200);
  return res;
};

describe("POST /edc/study/extract-data — the apiflows examples and every rule of §0.4", () => {
  it("answers the apiflows example: cc_event_data between two dates, sorted by subject", async () => {
    const res = await extract({
      tableName: "cc_event_data",
      fromDate: "2017-01-01T00:00:00.000Z",
      toDate: "2019-02-01T00:00:00.000Z",
      sort: "subject",
    });
    expect(res.headers.get("content-type")).toContain("application/json");
    const rows = (await res.json()) as Row[];
    expect(rows.length).toBeGreaterThan(100);
    const subjects = rows.map((r) => r.subject as string);
    expect([...subjects].sort()).toEqual(subjects);
    for (const r of rows) {
      const d = Date.parse(r.date_updated as string);
      expect(d).toBeGreaterThanOrEqual(Date.parse("2017-01-01T00:00:00Z"));
      expect(d).toBeLessThanOrEqual(Date.parse("2019-02-01T00:00:00Z"));
    }
    expect(rows[0]).toMatchObject({ study: "DEMO", crf: expect.any(String), item: expect.any(String) });
    expect(rows[0]!.date_updated).toMatch(/Z$/);
  });

  it("leaves out removed rows (status 5/7) and empty values", async () => {
    const rows = (await (await extract({ tableName: "cc_event_data" })).json()) as Row[];
    expect(rows).toHaveLength(423);
    expect(rows.some((r) => r.subject === "DEMO-S01-004")).toBe(false);
    expect(rows.some((r) => r.value === "")).toBe(false);
    expect(rows.some((r) => r.event_crf_id === 23)).toBe(false);
  });

  it("answers the second apiflows example: cross_event_crf_data, with items flattened into fields", async () => {
    const rows = (await (await extract({ tableName: "cross_event_crf_data" })).json()) as Row[];
    expect(rows).toHaveLength(115);
    expect(rows[0]).not.toHaveProperty("items");
    const demographics = rows.find((r) => r.crf === "Demographics")!;
    expect(demographics).toHaveProperty("BRTHDAT");
    expect(demographics).toHaveProperty("SEX");
  });

  it("filters with = (scalar), IN (array) and IS NULL (null), ANDed", async () => {
    const one = (await (
      await extract({ tableName: "cc_event_data", filters: { subject: "DEMO-S01-001", crf: "Demographics" } })
    ).json()) as Row[];
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((r) => r.subject === "DEMO-S01-001" && r.crf === "Demographics")).toBe(true);
    const many = (await (
      await extract({ tableName: "cc_event_data", filters: { subject: ["DEMO-S01-001", "DEMO-S02-001"] } })
    ).json()) as Row[];
    expect(new Set(many.map((r) => r.subject))).toEqual(new Set(["DEMO-S01-001", "DEMO-S02-001"]));
    const parents = (await (await extract({ tableName: "study", filters: { parent_study_id: null } })).json()) as Row[];
    expect(parents.map((r) => r.unique_identifier)).toEqual(["DEMO"]);
  });

  it("casts filter values to the column's type: numbers match integer columns", async () => {
    const rows = (await (await extract({ tableName: "cc_event_data", filters: { event_ordinal: 2 } })).json()) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.event_ordinal === 2)).toBe(true);
  });

  it("sorts by a comma list with asc/desc", async () => {
    const rows = (await (
      await extract({ tableName: "cc_event_data", sort: "subject desc, event_crf_id asc", filters: { crf: "Vital Signs" } })
    ).json()) as Row[];
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect((a.subject as string) >= (b.subject as string)).toBe(true);
      if (a.subject === b.subject) expect((a.event_crf_id as number) <= (b.event_crf_id as number)).toBe(true);
    }
  });

  it("treats a date-only toDate as the end of that day (UTC)", async () => {
    const all = (await (await extract({ tableName: "cc_event_data" })).json()) as Row[];
    const day = (all[0]!.date_updated as string).slice(0, 10);
    const rows = (await (await extract({ tableName: "cc_event_data", fromDate: day, toDate: day })).json()) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.date_updated as string).startsWith(day))).toBe(true);
  });

  it("extracts plain tables in primary-key order", async () => {
    const rows = (await (await extract({ tableName: "study_subject" })).json()) as Row[];
    expect(rows.map((r) => r.study_subject_id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("calls a STABLE function in named notation with inputVariables", async () => {
    const rows = (await (
      await extract({ tableName: "subject_event_data()", inputVariables: { p_subject: "DEMO-S01-001" } })
    ).json()) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.subject === "DEMO-S01-001")).toBe(true);
    const qualified = (await (
      await extract({ tableName: "cc_demo.subject_event_data()", inputVariables: { p_subject: "DEMO-S01-001" } })
    ).json()) as Row[];
    expect(qualified).toHaveLength(rows.length);
  });

  it("streams NDJSON and CSV on request", async () => {
    const nd = await extract({ tableName: "cc_event_data", filters: { subject: "DEMO-S01-001" } }, "application/x-ndjson");
    expect(nd.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await nd.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    const csv = await extract({ tableName: "cc_event_data", filters: { subject: "DEMO-S01-001" } }, "text/csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    const rows = text.split("\r\n").filter(Boolean);
    expect(rows[0]!.startsWith("study,site_id,site,study_subject_id,subject")).toBe(true);
    expect(rows).toHaveLength(lines.length + 1);
  });

  it("streams a wide relation as CSV with one column per item key of the selected rows (header and rows from one snapshot)", async () => {
    const json = (await (await extract({ tableName: "cross_event_crf_data", filters: { crf: "Vital Signs" } })).json()) as Row[];
    const res = await extract({ tableName: "cross_event_crf_data", filters: { crf: "Vital Signs" } }, "text/csv");
    const lines = (await res.text()).split("\r\n").filter(Boolean);
    const header = lines[0]!.split(",");
    expect(header.slice(0, 3)).toEqual(["study", "site_id", "site"]);
    expect(header).not.toContain("items");
    const keys = [...new Set(json.flatMap((r) => Object.keys(r)))].filter((k) => /^[A-Z]/.test(k)).sort();
    expect(keys).toEqual(expect.arrayContaining(["DIABP", "SYSBP", "WEIGHT"]));
    expect(header.filter((k) => /^[A-Z]/.test(k))).toEqual(keys);
    expect(header).not.toContain("BRTHDAT");
    expect(lines).toHaveLength(json.length + 1);
  });

  it("answers an empty result as [] with 200", async () => {
    const rows = await (await extract({ tableName: "cc_event_data", filters: { subject: "NOBODY" } })).json();
    expect(rows).toEqual([]);
  });

  it("serves each customer's own EDC database: Other Pharma reads cc_other", async () => {
    const { login } = await import("../helpers/http");
    const token = await login("api@other.test");
    const res = await edcPost("/edc/study/extract-data", { tableName: "cc_event_data" }, { token, edc: "cc_other" });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Row[];
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.study === "OTH")).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { edcPost, edcSql } from "../helpers/edc";
import { login } from "../helpers/http";

type Row = Record<string, unknown>;
const FIXED = [
  "study",
  "site_id",
  "site",
  "subject",
  "event",
  "event_ordinal",
  "event_date",
  "crf",
  "crf_version",
  "crf_status",
  "event_crf_id",
  "date_updated",
];

const crfLevel = async (body: unknown, opts: { token?: string; edc?: string } = {}) => {
  const res = await edcPost("/edc/study/extract-study-data-at-crf-level", body, opts);
  if (res.status !== 200) expect(await res.text()).toBe("");
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as Record<string, Row[]>;
};

/** The wide values every event CRF must carry, rebuilt from the long-format view (ITEM, ITEM_n for repeat n). */
let expected: Map<number, Row>;
beforeAll(async () => {
  const sql = edcSql();
  const long = await sql.unsafe(`select event_crf_id, item, group_ordinal, value from cc_demo.cc_event_data`);
  expected = new Map();
  for (const r of long) {
    const id = r.event_crf_id as number;
    if (!expected.has(id)) expected.set(id, {});
    expected.get(id)![(r.group_ordinal as number) > 1 ? `${r.item}_${r.group_ordinal}` : (r.item as string)] = r.value;
  }
});

describe("POST /edc/study/extract-study-data-at-crf-level (E3)", () => {
  it("answers an object keyed by CRF name, one row per event CRF with data, every value as the long form has it", async () => {
    const data = await crfLevel({});
    expect(Object.keys(data)).toEqual(["Adverse Events", "Demographics", "Vital Signs"]);
    const all = Object.values(data).flat();
    expect(all).toHaveLength(expected.size);
    for (const [crf, rows] of Object.entries(data)) {
      for (const row of rows) {
        expect(row.crf).toBe(crf);
        const items = Object.fromEntries(Object.entries(row).filter(([k, v]) => !FIXED.includes(k) && v !== null));
        expect(items).toEqual(expected.get(row.event_crf_id as number));
      }
    }
    // The removed subject (status 5) and the auto-removed event CRF (status 7) are left out.
    expect(all.some((r) => r.subject === "DEMO-S01-004")).toBe(false);
    expect(data.Demographics).toHaveLength(19);
  });

  it("lays columns out as fixed columns, then items in section/item ordinal order, repeating rows as ITEM_n", async () => {
    const data = await crfLevel({ filters: { crf: ["Demographics", "Adverse Events"] } });
    expect(Object.keys(data.Demographics![0]!)).toEqual([...FIXED, "BRTHDAT", "SEX", "RACE"]);
    // Every row of a CRF has the same keys (absent values are null), so the rows load as one table.
    const aeKeys = Object.keys(data["Adverse Events"]![0]!);
    expect(aeKeys.slice(FIXED.length, FIXED.length + 7)).toEqual([
      "AEYN",
      "AETERM",
      "AESEV",
      "AESTDAT",
      "AETERM_2",
      "AESEV_2",
      "AESTDAT_2",
    ]);
    for (const row of data["Adverse Events"]!) expect(Object.keys(row)).toEqual(aeKeys);
    expect(data["Adverse Events"]!.some((r) => r.AETERM_2 !== null)).toBe(true);
  });

  it("serialises timestamps as ISO strings with Z and numbers as numbers", async () => {
    const row = (await crfLevel({ filters: { crf: "Demographics", subject: "DEMO-S01-001" } })).Demographics![0]!;
    expect(row.date_updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(row.event_date).toMatch(/Z$/);
    expect(typeof row.event_ordinal).toBe("number");
    expect(row).toMatchObject({ study: "DEMO", site_id: "DEMO-S01", subject: "DEMO-S01-001", event: "Screening", crf_version: "v1.0" });
  });

  it("filters with = (the documented {crf: ...} example), IN, and on item values", async () => {
    const ae = await crfLevel({ filters: { crf: "Adverse Events" } });
    expect(Object.keys(ae)).toEqual(["Adverse Events"]);
    const two = await crfLevel({ filters: { subject: ["DEMO-S01-001", "DEMO-S02-001"], event: "Screening" } });
    for (const row of Object.values(two).flat()) {
      expect(["DEMO-S01-001", "DEMO-S02-001"]).toContain(row.subject);
      expect(row.event).toBe("Screening");
    }
    const women = await crfLevel({ filters: { SEX: "F" } });
    expect(Object.keys(women)).toEqual(["Demographics"]);
    expect(women.Demographics!.length).toBeGreaterThan(0);
    expect(women.Demographics!.every((r) => r.SEX === "F")).toBe(true);
    const ordinal = await crfLevel({ filters: { event_ordinal: 2 } });
    expect(
      Object.values(ordinal)
        .flat()
        .every((r) => r.event_ordinal === 2),
    ).toBe(true);
  });

  it('filtersNotIn takes a |-separated list (the documented {site: "01B|02B"} form) or an array', async () => {
    const noHaifa = await crfLevel({ filtersNotIn: { site: "Site 02 Haifa|Nowhere" } });
    const rows = Object.values(noHaifa).flat();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.site === "Site 01 Boston")).toBe(true);
    expect(await crfLevel({ filtersNotIn: { site_id: ["DEMO-S01", "DEMO-S02"] } })).toEqual({});
    const notVitals = await crfLevel({ filtersNotIn: { crf: "Vital Signs" }, filters: { subject: "DEMO-S01-001" } });
    expect(Object.keys(notVitals)).toEqual(["Adverse Events", "Demographics"]);
  });

  it("applies fromDate/toDate to the event CRF's date_updated, inclusive, date-only toDate to the end of the day", async () => {
    const all = Object.values(await crfLevel({})).flat();
    const day = (all[0]!.date_updated as string).slice(0, 10);
    const sameDay = Object.values(await crfLevel({ fromDate: day, toDate: day })).flat();
    expect(sameDay.length).toBe(all.filter((r) => (r.date_updated as string).startsWith(day)).length);
    expect(sameDay.length).toBeGreaterThan(0);
    const from = "2018-01-01T00:00:00.000Z";
    const later = Object.values(await crfLevel({ fromDate: from })).flat();
    expect(later.length).toBe(all.filter((r) => (r.date_updated as string) >= from).length);
    expect(Object.values(await crfLevel({ fromDate: "2030-01-01" }))).toEqual([]);
  });

  it("answers {} when no CRF has data under the filters (only CRFs with data appear)", async () => {
    expect(await crfLevel({ filters: { subject: "DEMO-S01-004" } })).toEqual({});
  });

  it("serves Other Pharma its own EDC (cc_other) and nothing of the demo", async () => {
    const token = await login("api@other.test");
    const data = await crfLevel({}, { token, edc: "cc_other" });
    expect(Object.keys(data)).toEqual(["Lab Results"]);
    expect(data["Lab Results"]).toHaveLength(3);
    expect(data["Lab Results"]!.every((r) => r.study === "OTH")).toBe(true);
  });
});

import type postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { loadDemoCopy } from "../helpers/edc-schema";
import { registerEdcStudy } from "../helpers/edc-edge-schema";

// cc_rules: a copy of the demo EDC in which CRFs are removed from event definitions (§4.2 active-row
// rule: event_definition_crf rows with status 5/7 are left out, like removed subjects, CRFs and values).
const EDC = "cc_rules";
type Row = Record<string, unknown>;
let sql: postgres.Sql;

const rowsOf = async (tableName: string) => {
  const res = await edcPost("/edc/study/extract-data", { tableName }, { edc: EDC });
  expect(res.status).toBe(200);
  return (await res.json()) as Row[];
};
const count = (rows: Row[], pred: (r: Row) => boolean) => rows.filter(pred).length;

beforeAll(async () => {
  sql = await loadDemoCopy(EDC);
  await registerEdcStudy(163, EDC);
});

describe("a removed event_definition_crf hides that CRF's data in that event", () => {
  it("starts from the demo's data: all event definition CRFs are available", async () => {
    expect(await rowsOf("cc_event_data")).toHaveLength(423);
  });

  it("study level: Vital Signs removed from Visit 1 leaves out exactly those rows, in both views and at CRF level", async () => {
    const before = await rowsOf("cc_event_data");
    const isPair = (r: Row) => r.event === "Visit 1" && r.crf === "Vital Signs";
    const hidden = count(before, isPair);
    expect(hidden).toBeGreaterThan(0);
    await sql.unsafe(`UPDATE cc_rules.event_definition_crf SET status_id = 5
      WHERE parent_id IS NULL
        AND study_event_definition_id = (SELECT study_event_definition_id FROM cc_rules.study_event_definition WHERE name = 'Visit 1')
        AND crf_id = (SELECT crf_id FROM cc_rules.crf WHERE name = 'Vital Signs')`);
    const after = await rowsOf("cc_event_data");
    expect(after).toHaveLength(before.length - hidden);
    expect(count(after, isPair)).toBe(0);
    expect(count(after, (r) => r.crf === "Vital Signs")).toBe(count(before, (r) => r.crf === "Vital Signs") - hidden);
    expect(count(await rowsOf("cross_event_crf_data"), isPair)).toBe(0);
    const crfLevel = await edcPost("/edc/study/extract-study-data-at-crf-level", {}, { edc: EDC });
    const byCrf = (await crfLevel.json()) as Record<string, Row[]>;
    expect(byCrf["Vital Signs"]!.some((r) => r.event === "Visit 1")).toBe(false);
    expect(byCrf["Vital Signs"]!.length).toBeGreaterThan(0);
  });

  it("site level: a removed site override hides the CRF at that site only", async () => {
    const before = await rowsOf("cc_event_data");
    const isPair = (site: string) => (r: Row) => r.event === "Screening" && r.crf === "Demographics" && r.site_id === site;
    const atS02 = count(before, isPair("DEMO-S02"));
    const atS01 = count(before, isPair("DEMO-S01"));
    expect(atS02).toBeGreaterThan(0);
    expect(atS01).toBeGreaterThan(0);
    await sql.unsafe(`INSERT INTO cc_rules.event_definition_crf
        (study_event_definition_id, study_id, crf_id, required_crf, double_entry, default_version_id, status_id, ordinal, parent_id, owner_id, date_created)
      SELECT edc.study_event_definition_id, site.study_id, edc.crf_id, edc.required_crf, edc.double_entry, edc.default_version_id, 5, edc.ordinal,
             edc.event_definition_crf_id, 1, now()
        FROM cc_rules.event_definition_crf edc
        JOIN cc_rules.study_event_definition sed ON sed.study_event_definition_id = edc.study_event_definition_id AND sed.name = 'Screening'
        JOIN cc_rules.crf ON crf.crf_id = edc.crf_id AND crf.name = 'Demographics'
        JOIN cc_rules.study site ON site.unique_identifier = 'DEMO-S02'
       WHERE edc.parent_id IS NULL`);
    const after = await rowsOf("cc_event_data");
    expect(after).toHaveLength(before.length - atS02);
    expect(count(after, isPair("DEMO-S02"))).toBe(0);
    expect(count(after, isPair("DEMO-S01"))).toBe(atS01);
  });
});

import { describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { followLink, parseCsv, zipEntries } from "../helpers/zip";

// flaskdata-api.md §4.5, exactly; the items follow.
const FIXED = ["site", "subject", "event", "event_ordinal", "crf", "crf_version", "crf_status", "date_updated"];
const ROW_KEYS = new Set([
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
]);
const toCsv = (path: string, body: unknown) => edcPost(path, body);
const E3 = "/edc/study/extract-study-data-at-crf-level";
const E4 = "/edc/study/extract-study-data-at-crf-level-to-csvs";

describe("POST /edc/study/extract-study-data-at-crf-level-to-csvs (E4)", () => {
  it("answers a zip with one CSV per CRF with data, the same rows as E3, and a signed Link to the same bytes", async () => {
    const body = { filtersNotIn: { site_id: "DEMO-S02" } };
    const res = await toCsv(E4, body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="cc_demo_crf_data.zip"');
    const again = await followLink(res.clone());
    expect(again.status).toBe(200);
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);

    const entries = await zipEntries(res);
    expect(entries.map(([n]) => n)).toEqual(["Adverse_Events.csv", "Demographics.csv", "Vital_Signs.csv"]);
    const json = (await (await edcPost(E3, body)).json()) as Record<string, Record<string, unknown>[]>;
    for (const [name, text] of entries) {
      expect(text.endsWith("\r\n")).toBe(true);
      const [header, ...rows] = parseCsv(text);
      const crf = name.replace(/\.csv$/, "").replace(/_/g, " ");
      const expected = json[crf]!;
      // E3's JSON keys are a superset (study, site_id, event_date, event_crf_id beside §4.5's row); the items match.
      const items = Object.keys(expected[0]!).filter((k) => !ROW_KEYS.has(k));
      expect(header).toEqual([...FIXED, ...items]);
      expect(rows).toHaveLength(expected.length);
      rows.forEach((row, i) => {
        const want = header!.map((k) => expected[i]![k]).map((v) => (v === null || v === undefined ? "" : String(v)));
        expect(row).toEqual(want);
      });
      expect(rows.every((r) => r[0] === "Site 01 Boston")).toBe(true);
    }
  });

  it("answers an empty zip when no CRF has data", async () => {
    const res = await toCsv(E4, { filters: { subject: "NOBODY" } });
    expect(res.status).toBe(200);
    expect(await zipEntries(res)).toEqual([]);
  });
});

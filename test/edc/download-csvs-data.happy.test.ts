import { describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { followLink, parseCsv, zipEntries } from "../helpers/zip";

const toCsv = (path: string, body: unknown) => edcPost(path, body);
const E3 = "/edc/study/extract-study-data-at-crf-level";

describe("POST /edc/study/download-csvs-data (E2)", () => {
  const E2 = "/edc/study/download-csvs-data";
  const FILES = [
    "Screening__Demographics.csv",
    "Screening__Vital_Signs.csv",
    "Visit_1__Vital_Signs.csv",
    "Visit_1__Adverse_Events.csv",
    "Follow-up__Vital_Signs.csv",
    "Follow-up__Adverse_Events.csv",
  ];
  // flaskdata-api.md §4.7, exactly: a reader that goes by position finds the items from column 10 on.
  const E2_FIXED = ["study", "site", "subject", "event", "event_ordinal", "event_date", "crf_version", "crf_status", "date_updated"];
  const col = (name: string) => E2_FIXED.indexOf(name);
  /** An event CRF of one event × CRF file is one subject × event repeat. */
  const rowKey = (subject: unknown, ordinal: unknown) => `${subject}#${ordinal}`;

  it("zips one CSV per event definition × CRF, rows = the event CRFs with data, with a signed Link", async () => {
    const res = await toCsv(E2, {});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="cc_demo_study_data.zip"');
    expect(res.headers.get("link")).toMatch(
      /^<https:\/\/[^>]+\/downloads\/[^/]+\/cc_demo_study_data\.zip\?expires=\d+&sig=[\w-]+>; rel="alternate"$/,
    );
    const again = await followLink(res.clone());
    expect(again.status).toBe(200);
    expect(again.headers.get("content-type")).toBe("application/zip");

    const entries = await zipEntries(res);
    expect(entries.map(([n]) => n)).toEqual(FILES);
    const json = (await (await edcPost(E3, {})).json()) as Record<string, Record<string, unknown>[]>;
    let total = 0;
    for (const [name, text] of entries) {
      const [event, crfFile] = name.replace(/\.csv$/, "").split("__") as [string, string];
      const crf = crfFile.replace(/_/g, " ");
      const [header, ...rows] = parseCsv(text);
      expect(header!.slice(0, E2_FIXED.length)).toEqual(E2_FIXED);
      const expected = json[crf]!.filter((r) => (r.event as string).replace(/ /g, "_") === event);
      const keyOf = (r: string[]) => rowKey(r[col("subject")], r[col("event_ordinal")]);
      expect(rows.map(keyOf).sort()).toEqual(expected.map((r) => rowKey(r.subject, r.event_ordinal)).sort());
      for (const row of rows) {
        const want = expected.find((r) => rowKey(r.subject, r.event_ordinal) === keyOf(row))!;
        header!.forEach((col, i) => {
          if (col in want) expect(row[i], `${name} ${col}`).toBe(want[col] === null ? "" : String(want[col]));
          else expect(row[i]).toBe("");
        });
      }
      total += rows.length;
    }
    expect(total).toBe(Object.values(json).flat().length);
    const ae = parseCsv(entries.find(([n]) => n === "Visit_1__Adverse_Events.csv")![1])[0]!;
    expect(ae.slice(E2_FIXED.length, E2_FIXED.length + 7)).toEqual([
      "AEYN",
      "AETERM",
      "AESEV",
      "AESTDAT",
      "AETERM_2",
      "AESEV_2",
      "AESTDAT_2",
    ]);
  });

  it("keeps every file (header only) when filters leave it empty, and applies filters and dates", async () => {
    const res = await toCsv(E2, { filters: { site_id: "DEMO-S02" }, toDate: "2017-06-30" });
    expect(res.status).toBe(200);
    const entries = await zipEntries(res);
    expect(entries.map(([n]) => n)).toEqual(FILES);
    let rows = 0;
    for (const [, text] of entries) {
      const [header, ...data] = parseCsv(text);
      expect(header!.length).toBeGreaterThan(E2_FIXED.length);
      for (const r of data) {
        expect(r[col("site")]).toBe("Site 02 Haifa");
        expect(r[col("date_updated")]! <= "2017-06-30T23:59:59.999Z").toBe(true);
      }
      rows += data.length;
    }
    expect(rows).toBeGreaterThan(0);
    const empty = await zipEntries(await toCsv(E2, { filters: { subject: "NOBODY" } }));
    expect(empty.map(([n]) => n)).toEqual(FILES);
    for (const [, text] of empty) expect(parseCsv(text)).toHaveLength(1);
  });
});

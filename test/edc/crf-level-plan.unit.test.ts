import { describe, expect, it } from "vitest";
import type { Relation } from "../../src/edc/catalog";
import { flattenCrfRow, itemColumns, type ItemMeta } from "../../src/edc/crf-level/columns";
import { planCrfWhere, whereSql } from "../../src/edc/crf-level/plan";
import { Problem } from "../../src/lib/problem";

const view: Relation = {
  kind: "view",
  name: "cross_event_crf_data",
  primaryKey: [],
  columns: [
    ["study", "character varying"],
    ["site_id", "character varying"],
    ["site", "character varying"],
    ["subject", "character varying"],
    ["event", "character varying"],
    ["event_ordinal", "integer"],
    ["event_date", "timestamp without time zone"],
    ["crf", "character varying"],
    ["crf_version", "character varying"],
    ["crf_status", "character varying"],
    ["event_crf_id", "integer"],
    ["date_updated", "timestamp with time zone"],
    ["date_created", "timestamp with time zone"],
    ["items", "jsonb"],
  ].map(([name, type]) => ({ name: name!, type: type! })),
};
const items = new Set(["SEX", "AETERM"]);

describe("CRF-level WHERE plan", () => {
  it("quotes catalog columns, binds every value as text cast to the column type, keys of items as values", () => {
    const plan = planCrfWhere(view, items, {
      filters: { crf: "Demographics", subject: ["A", "B"], site: null, event_ordinal: 2, SEX: "F" },
      filtersNotIn: { site_id: "S1|S2" },
      fromDate: "2019-01-01",
      toDate: "2019-01-31",
    });
    expect(plan.conditions).toEqual([
      `"crf" = $1::text::character varying`,
      `"subject" IN ($2::text::character varying, $3::text::character varying)`,
      `"site" IS NULL`,
      `"event_ordinal" = $4::text::integer`,
      `("items" ->> $5::text::text) = $6::text::text`,
      `("site_id" IS NULL OR "site_id" NOT IN ($7::text::character varying, $8::text::character varying))`,
      `"date_updated" >= $9::text::timestamptz`,
      // A date-only toDate covers its whole day (UTC): before the next midnight, exactly.
      `"date_updated" < $10::text::timestamptz`,
    ]);
    expect(plan.params).toEqual(["Demographics", "A", "B", 2, "SEX", "F", "S1", "S2", "2019-01-01T00:00:00Z", "2019-02-01T00:00:00.000Z"]);
    expect(whereSql(plan, ["x"])).toMatch(/^ WHERE .* AND x$/);
    expect(whereSql({ conditions: [], params: [] })).toBe("");
  });

  it("refuses unknown keys, date and jsonb columns as filters, and non-integers for integer columns, naming each", () => {
    try {
      planCrfWhere(view, items, {
        filters: { nope: 1, items: "x", date_updated: "2019", event_ordinal: "2 or 1=1", '"crf"': "x" },
        filtersNotIn: { "crf;--": "a" },
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(Problem);
      const p = err as Problem;
      expect(p.status).toBe(400);
      expect(p.errors!.map((e) => e.path)).toEqual([
        "/filters/nope",
        "/filters/items",
        "/filters/date_updated",
        "/filters/event_ordinal",
        '/filters/"crf"',
        "/filtersNotIn/crf;--",
      ]);
    }
  });
});

describe("CRF-level item columns", () => {
  const meta: ItemMeta[] = [
    { item: "AEYN", group: "Ungrouped", repeating: false },
    { item: "AETERM", group: "AE", repeating: true },
    { item: "AESEV", group: "AE", repeating: true },
    { item: "NOTE", group: "Ungrouped", repeating: false },
  ];

  it("lays out items in metadata order, a repeating group's rows 2..n right after row 1, unknown keys last", () => {
    expect(itemColumns(meta, [])).toEqual(["AEYN", "AETERM", "AESEV", "NOTE"]);
    expect(itemColumns(meta, ["AETERM", "AETERM_3", "AESEV_2", "ZZZ", "AEYN_2"])).toEqual([
      "AEYN",
      "AETERM",
      "AESEV",
      "AETERM_2",
      "AESEV_2",
      "AETERM_3",
      "AESEV_3",
      "NOTE",
      "AEYN_2",
      "ZZZ",
    ]);
  });

  it("flattens a view row: fixed columns, then every item column, null when absent", () => {
    const row = { crf: "AE", subject: "S1", items: { AETERM: "Rash", AESEV_2: "2" } };
    expect(flattenCrfRow(row, ["crf", "subject", "site"], ["AEYN", "AETERM", "AESEV_2"])).toEqual({
      crf: "AE",
      subject: "S1",
      site: null,
      AEYN: null,
      AETERM: "Rash",
      AESEV_2: "2",
    });
  });
});

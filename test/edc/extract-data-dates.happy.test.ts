import { beforeAll, describe, expect, it } from "vitest";
import { lowerBound, upperBound, utcInstant } from "../../src/lib/iso-date";
import { edcPost } from "../helpers/edc";
import { createEdgeSchema } from "../helpers/edc-edge-schema";

// cc_dates: rows on both sides of midnight UTC, down to the microsecond, to pin the date rules of §0.4.
const EDC = "cc_dates";
const ids = async (body: Record<string, unknown>) => {
  const res = await edcPost("/edc/study/extract-data", { tableName: "stamps", sort: "id", ...body }, { edc: EDC });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: number }[]).map((r) => r.id);
};

beforeAll(async () => {
  await createEdgeSchema(
    EDC,
    `CREATE TABLE stamps (id integer PRIMARY KEY, label text NOT NULL, date_created timestamptz NOT NULL, date_updated timestamptz);
     INSERT INTO stamps VALUES
       (1, 'start of the day',                '2019-03-10 00:00:00+00',        NULL),
       (2, 'last millisecond of the day',     '2019-03-10 23:59:59.999+00',    NULL),
       (3, 'last microsecond of the day',     '2019-03-10 23:59:59.999999+00', NULL),
       (4, 'midnight of the next day',        '2019-03-11 00:00:00+00',        NULL),
       (5, 'created before, updated at .9995', '2019-03-01 00:00:00+00',       '2019-03-10 23:59:59.9995+00'),
       (6, 'the day before, 23:00 UTC',       '2019-03-09 23:00:00+00',        NULL);
     CREATE FUNCTION session_timezone() RETURNS TABLE (timezone text) LANGUAGE sql STABLE AS $$ SELECT current_setting('TimeZone') $$;`,
    162,
  );
});

describe("extract-data date bounds (COALESCE(date_updated, date_created), inclusive, UTC)", () => {
  it("a date-only toDate covers the whole day up to its last microsecond, and not the next midnight", async () => {
    expect(await ids({ toDate: "2019-03-10" })).toEqual([1, 2, 3, 5, 6]);
    expect(await ids({ fromDate: "2019-03-10", toDate: "2019-03-10" })).toEqual([1, 2, 3, 5]);
  });

  it("a date-only fromDate starts at that day's midnight UTC", async () => {
    expect(await ids({ fromDate: "2019-03-11" })).toEqual([4]);
  });

  it("a date-time without an offset is UTC, and its bound is inclusive to the microsecond", async () => {
    expect(await ids({ toDate: "2019-03-10T23:59:59.999" })).toEqual([1, 2, 6]);
    expect(await ids({ fromDate: "2019-03-10T23:59:59.999999" })).toEqual([3, 4]);
    expect(await ids({ fromDate: "2019-03-10T23:00", toDate: "2019-03-10T23:59:59.9995" })).toEqual([2, 5]);
  });

  it("an explicit offset is honoured", async () => {
    // 2019-03-10T01:00+02:00 is 2019-03-09T23:00Z.
    expect(await ids({ fromDate: "2019-03-10T01:00:00+02:00", toDate: "2019-03-10T01:00:00+02:00" })).toEqual([6]);
  });

  it("the EDC session runs in UTC whatever the server's default TimeZone", async () => {
    const res = await edcPost("/edc/study/extract-data", { tableName: "session_timezone()" }, { edc: EDC });
    expect(await res.json()).toEqual([{ timezone: "UTC" }]);
  });
});

describe("date bounds as UTC instants (src/lib/iso-date.ts)", () => {
  it("turns date-only and offset-less values into explicit UTC; a date-only upper bound is the next midnight, exclusive", () => {
    expect(utcInstant("2019-03-10")).toBe("2019-03-10T00:00:00Z");
    expect(utcInstant("2019-03-10T10:00")).toBe("2019-03-10T10:00Z");
    expect(utcInstant("2019-03-10T10:00:00+0200")).toBe("2019-03-10T10:00:00+0200");
    expect(lowerBound("2019-03-10")).toEqual({ op: ">=", value: "2019-03-10T00:00:00Z" });
    expect(upperBound("2019-03-10T10:00:00.5Z")).toEqual({ op: "<=", value: "2019-03-10T10:00:00.5Z" });
    expect(upperBound("2019-12-31")).toEqual({ op: "<", value: "2020-01-01T00:00:00.000Z" });
    expect(upperBound("2020-02-28")).toEqual({ op: "<", value: "2020-02-29T00:00:00.000Z" });
    expect(upperBound("2020-02-29")).toEqual({ op: "<", value: "2020-03-01T00:00:00.000Z" });
  });
});

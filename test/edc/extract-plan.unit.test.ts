import { describe, expect, it } from "vitest";
import { misfit } from "../../src/edc/extract/plan";

describe("misfit: values checked against the catalog type before any SQL", () => {
  it("integers, with their range", () => {
    expect(misfit(7, "integer")).toBeNull();
    expect(misfit(" -12 ", "smallint")).toBeNull();
    expect(misfit(2.5, "integer")).toBe("must be an integer (integer)");
    expect(misfit("40000", "smallint")).toBe("is out of range for smallint");
  });

  it("numerics take finite numbers and number text", () => {
    for (const ok of [1.25, "-3.5", ".5", "1e3", 0]) expect(misfit(ok, "numeric(10,2)"), String(ok)).toBeNull();
    for (const t of ["real", "double precision", "numeric"]) expect(misfit("12.5", t)).toBeNull();
    for (const bad of ["ten", "1,5", true, "", "1e"]) expect(misfit(bad, "numeric"), String(bad)).toBe("must be a number (numeric)");
  });

  it("booleans take what PostgreSQL's boolean input takes", () => {
    for (const ok of [true, false, 0, 1, "t", "FALSE", "yes", "off", "1"]) expect(misfit(ok, "boolean"), String(ok)).toBeNull();
    for (const bad of ["maybe", 2, "", "truthy"]) expect(misfit(bad, "boolean"), String(bad)).toBe("must be true or false (boolean)");
  });

  it("dates and timestamps take ISO 8601 only, and only real calendar days and times", () => {
    for (const ok of ["2017-01-05", "2017-01-05T10:20", "2017-01-05T10:20:30.123Z", "2017-01-05T10:20:30+02:00"]) {
      expect(misfit(ok, "timestamp with time zone"), ok).toBeNull();
      expect(misfit(ok, "date"), ok).toBeNull();
    }
    expect(misfit("2017-01-05", "timestamp(3) without time zone")).toBeNull();
    for (const bad of ["2017-02-30", "2017-01-05T24:00", "2017-01-05 10:20", "05/01/2017", "yesterday", 1483574400000, "infinity"]) {
      expect(misfit(bad, "timestamp without time zone"), String(bad)).toBe(
        "must be an ISO 8601 date or date-time (timestamp without time zone)",
      );
    }
  });

  it("null fits every type; other types are left to PostgreSQL's cast", () => {
    for (const t of ["integer", "numeric", "boolean", "date"]) expect(misfit(null, t)).toBeNull();
    expect(misfit("anything", "character varying(255)")).toBeNull();
  });
});

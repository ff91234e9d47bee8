import { describe, expect, it } from "vitest";
import { isoformat, parseDjangoDateTime, parseQueryDate } from "../../src/commcare/dates";

describe("dates", () => {
  it("accepts ISO dates and date-times with zones (Q5), rejects the rest", () => {
    expect(parseQueryDate("2026-10-01")).toBe("2026-10-01T00:00:00.000000Z");
    expect(parseQueryDate("2026-10-01T10:20")).toBe("2026-10-01T10:20:00.000000Z");
    expect(parseQueryDate("2026-10-01T10:20:30Z")).toBe("2026-10-01T10:20:30.000000Z");
    expect(parseQueryDate("2026-10-01T10:20:30.123456")).toBe("2026-10-01T10:20:30.123456Z");
    expect(parseQueryDate("2026-10-01T12:00:00+02:00")).toBe("2026-10-01T10:00:00.000000Z");
    expect(parseQueryDate("2026-10-01T12:00:00 02:00")).toBe("2026-10-01T10:00:00.000000Z");
    for (const bad of ["2026-13-01", "2026-02-30", "yesterday", "2026/10/01", ""]) expect(parseQueryDate(bad)).toBeNull();
  });

  it("Q5 takes the other ISO 8601 forms: basic, ordinal, week dates, hour-only times, unit fractions, 24:00", () => {
    const cases: [string, string][] = [
      ["20261001", "2026-10-01T00:00:00.000000Z"],
      ["20261001T102030Z", "2026-10-01T10:20:30.000000Z"],
      ["20261001T1020+0200", "2026-10-01T08:20:00.000000Z"],
      ["2026-10-01T10", "2026-10-01T10:00:00.000000Z"],
      ["2026-10-01T10Z", "2026-10-01T10:00:00.000000Z"],
      ["2026-10-01T10:30,5", "2026-10-01T10:30:30.000000Z"],
      ["2026-10-01T10.25", "2026-10-01T10:15:00.000000Z"],
      ["2026-10-01T10:20:30.1234567", "2026-10-01T10:20:30.123456Z"],
      ["2026-10-01T24:00", "2026-10-02T00:00:00.000000Z"],
      ["2026-10-01T10:00:00 Z", "2026-10-01T10:00:00.000000Z"],
      ["2026-10-01 10:00 -05:00", "2026-10-01T15:00:00.000000Z"],
      ["2026-274", "2026-10-01T00:00:00.000000Z"],
      ["2026274", "2026-10-01T00:00:00.000000Z"],
      ["2024-366", "2024-12-31T00:00:00.000000Z"],
      ["2026-W40-4", "2026-10-01T00:00:00.000000Z"],
      ["2026W404T12:00Z", "2026-10-01T12:00:00.000000Z"],
      ["2026-W40", "2026-09-28T00:00:00.000000Z"],
      ["2026-W01-1", "2025-12-29T00:00:00.000000Z"],
      ["2026-W53-7", "2027-01-03T00:00:00.000000Z"],
    ];
    for (const [input, stored] of cases) expect(parseQueryDate(input), input).toBe(stored);
    for (const bad of [
      "2025-366",
      "2026-W54",
      "2025-W53-1",
      "2026-W40-8",
      "2026-10-01T24:00:01",
      "2026-10-01T10:2030",
      "2026-10-01T25",
      "2026-10-01T10:00+24:00",
    ]) {
      expect(parseQueryDate(bad), bad).toBeNull();
    }
  });

  it("parses Django datetimes and prints isoformat", () => {
    expect(parseDjangoDateTime("2026-09-02 09:30")).toBe("2026-09-02T09:30:00.000000");
    expect(parseDjangoDateTime("2026-09-02T09:30:00.5+01:00")).toBe("2026-09-02T08:30:00.500000");
    expect(parseDjangoDateTime("x")).toBeNull();
    expect(isoformat("2026-09-02T09:30:00.000000")).toBe("2026-09-02T09:30:00");
    expect(isoformat("2026-09-02T09:30:00.500000")).toBe("2026-09-02T09:30:00.500000");
  });
});

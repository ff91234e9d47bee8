import { describe, expect, it } from "vitest";
import { withAliases } from "../../src/lib/aliases";
import { chunks, inChunks, rowsPerInsert } from "../../src/lib/chunks";
import { dateOrder, fromBound, toBound } from "../../src/lib/iso-date";

describe("withAliases (src/lib/aliases.ts)", () => {
  const aliases = withAliases({ from_date: "fromDate", study_id: "studyId", CRFs: "CRFs" });

  it("moves an alias to its canonical key, and the canonical spelling wins when both are sent", () => {
    expect(aliases({ from_date: "2026-01-01", study_id: 1 })).toEqual({ fromDate: "2026-01-01", studyId: 1 });
    expect(aliases({ from_date: "alias", fromDate: "canonical" })).toEqual({ fromDate: "canonical" });
  });

  it("keeps a key whose alias is itself, and passes anything but an object through", () => {
    expect(aliases({ CRFs: ["A"] })).toEqual({ CRFs: ["A"] });
    expect(aliases([1, 2])).toEqual([1, 2]);
    expect(aliases(null)).toBeNull();
  });
});

describe("dateOrder and the D1 bounds (src/lib/iso-date.ts)", () => {
  it("a date-only toDate covers its whole day, so a time on that day is not after it", () => {
    expect(dateOrder({ fromDate: "2026-01-01T10:00:00Z", toDate: "2026-01-01" })).toBe(true);
    expect(dateOrder({ fromDate: "2026-01-02", toDate: "2026-01-01" })).toBe(false);
    expect(dateOrder({ fromDate: "2026-01-01 10:00:00Z", toDate: "2026-01-01T09:59:59Z" })).toBe(false);
  });

  it("leaves a bound that is no date to the field's own check instead of throwing", () => {
    expect(dateOrder({ fromDate: "2026-01-01Tgarbage", toDate: "2020-01-01" })).toBe(true);
    expect(dateOrder({ fromDate: 5, toDate: "2020-01-01" })).toBe(true);
    expect(dateOrder({ fromDate: "2026-02-30", toDate: "2020-01-01" })).toBe(true);
  });

  it("writes D1 bounds as millisecond UTC text; an offset-less date-time is UTC", () => {
    expect(fromBound("2026-01-01")).toBe("2026-01-01T00:00:00.000Z");
    expect(fromBound("2026-01-01 10:00")).toBe("2026-01-01T10:00:00.000Z");
    expect(fromBound("2026-01-01T10:00:00+02:00")).toBe("2026-01-01T08:00:00.000Z");
    expect(toBound("2026-01-01")).toBe("2026-01-01T23:59:59.999Z");
  });
});

describe("chunks (src/lib/chunks.ts)", () => {
  it("splits multi-row inserts under D1's 100 bound parameters", () => {
    expect(rowsPerInsert(6)).toBe(16);
    const rows = Array.from({ length: 35 }, (_, i) => i);
    expect(chunks(rows, rowsPerInsert(10)).map((c) => c.length)).toEqual([10, 10, 10, 5]);
    expect(chunks(rows, rowsPerInsert(200))).toHaveLength(35);
    expect(chunks([], 10)).toEqual([]);
  });

  it("inChunks queries each distinct value once and keeps every row", async () => {
    const seen: number[][] = [];
    const rows = await inChunks(
      [1, 2, 2, 3, 4, 5],
      async (c) => {
        seen.push(c);
        return c.map((n) => n * 10);
      },
      2,
    );
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
    expect(rows).toEqual([10, 20, 30, 40, 50]);
  });
});

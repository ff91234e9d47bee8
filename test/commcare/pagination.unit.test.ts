import { describe, expect, it } from "vitest";
import { parseLimitOffset } from "../../src/commcare/pagination/limit-offset";
import { offsetMeta, pageLink, uncountedOffsetMeta } from "../../src/commcare/pagination/meta";
import { wantsCount } from "../../src/commcare/pagination/page";
import { inChunks } from "../../src/commcare/in-chunks";
import { parseOrderBy } from "../../src/commcare/pagination/order";
import { errorOf } from "../helpers/commcare-error";

describe("pagination", () => {
  const q = (s: string) => new URLSearchParams(s);
  it("parses limit then offset with the reference messages", () => {
    expect(parseLimitOffset(q(""), 20, 1000)).toEqual({ limit: 20, offset: 0 });
    expect(parseLimitOffset(q("limit=0"), 20, 1000).limit).toBe(1000);
    expect(parseLimitOffset(q("limit=5000"), 20, 1000).limit).toBe(1000);
    expect(errorOf(() => parseLimitOffset(q("limit=x"), 20, 1000))).toBe("Invalid limit 'x' provided. Please provide a positive integer.");
    expect(errorOf(() => parseLimitOffset(q("limit=-1"), 20, 1000))).toBe(
      "Invalid limit '-1' provided. Please provide a positive integer >= 0.",
    );
    expect(errorOf(() => parseLimitOffset(q("offset=1.5"), 20, 1000))).toBe("Invalid offset '1.5' provided. Please provide an integer.");
    expect(errorOf(() => parseLimitOffset(q("offset=-3"), 20, 1000))).toBe(
      "Invalid offset '-3' provided. Please provide a positive integer >= 0.",
    );
    expect(errorOf(() => parseLimitOffset(q("limit=x&offset=y"), 20, 1000))).toMatch(/^Invalid limit/);
  });

  it("builds absolute-path links with the original params in order (Q1, Q2)", () => {
    const m = offsetMeta("/a/d/api/v0.5/form/", q("offset=10&limit=20&format=json&foo=bar&foo=baz&x=a:b/c d"), 20, 10, 100);
    expect(m.next).toBe("/a/d/api/v0.5/form/?format=json&foo=bar&foo=baz&x=a%3Ab%2Fc+d&limit=20&offset=30");
    expect(m.previous).toBe("/a/d/api/v0.5/form/?format=json&foo=bar&foo=baz&x=a%3Ab%2Fc+d&limit=20&offset=0");
    expect(offsetMeta("/p/", q(""), 20, 0, 20)).toEqual({ limit: 20, offset: 0, total_count: 20, next: null, previous: null });
    expect(pageLink("/p/", q("cursor=x&a=1"), ["cursor"], [["cursor", "y"]])).toBe("/p/?a=1&cursor=y");
  });

  it("count=false: no total, next from one extra row; other values of count are refused", () => {
    expect(uncountedOffsetMeta("/p/", q("count=false&limit=2"), 2, 2, true)).toEqual({
      limit: 2,
      offset: 2,
      total_count: null,
      next: "/p/?count=false&limit=2&offset=4",
      previous: "/p/?count=false&limit=2&offset=0",
    });
    expect(uncountedOffsetMeta("/p/", q("count=false"), 20, 0, false)).toMatchObject({ total_count: null, next: null, previous: null });
    expect(wantsCount(q(""))).toBe(true);
    expect(wantsCount(q("count=TRUE"))).toBe(true);
    expect(wantsCount(q("count=true&count=false"))).toBe(false);
    expect(wantsCount(q("count=0"))).toBe(false);
    expect(errorOf(() => wantsCount(q("count=maybe")))).toBe("Invalid count 'maybe' provided. Please provide true or false.");
  });

  it("IN lists go to D1 in chunks of at most 90 distinct values, every row returned", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => i);
    const seen: number[][] = [];
    const rows = await inChunks([...ids, 5, 7], async (chunk) => {
      seen.push(chunk);
      return chunk.map((id) => ({ id }));
    });
    expect(seen.map((c) => c.length)).toEqual([90, 90, 70]);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(await inChunks([], async () => [1])).toEqual([]);
  });

  it("checks order_by fields", () => {
    expect(parseOrderBy(["-received_on", "indexed_on"], ["received_on", "indexed_on", "id"], ["received_on", "indexed_on"], [])).toEqual([
      { field: "received_on", desc: true },
      { field: "indexed_on", desc: false },
    ]);
    expect(errorOf(() => parseOrderBy(["nope"], ["id"], [], []))).toBe("No matching 'nope' field for ordering on.");
    expect(errorOf(() => parseOrderBy(["-id"], ["id"], [], []))).toBe("The 'id' field does not allow ordering.");
  });
});

import { describe, expect, it } from "vitest";
import { ccError, ccGet, ccJson } from "../helpers/commcare";
import { globMatches, parseQuery } from "../../src/commcare/bulk-user/query-string";

/** V3: `q` wildcards are request input; they must never reach a backtracking matcher. */
describe("bulk-user q: wildcards in linear time, length bounded", () => {
  it("11 and 14 stars followed by a letter that matches nothing answer fast and empty", async () => {
    for (const stars of [11, 14]) {
      const started = Date.now();
      const page = await ccJson(`/a/demo/api/v0.5/bulk-user/?q=${"*".repeat(stars)}Z`);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(page.meta.total_count).toBe(0);
    }
  });

  it("many stars that do match still find the right rows", async () => {
    const started = Date.now();
    const page = await ccJson(`/a/demo/api/v0.5/bulk-user/?q=${"*".repeat(14)}r1&fields=username`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(page.objects).toEqual([{ username: "worker1@demo.commcarehq.org" }]);
    const w = await ccJson(`/a/demo/api/v0.5/bulk-user/?q=w*a*n*d*a`);
    expect(w.objects.map((u: any) => u.first_name)).toEqual(["Wanda"]);
  });

  it("q longer than 256 characters is a 400 in CommCare's format", async () => {
    const res = await ccGet(`/a/demo/api/v0.5/bulk-user/?q=${"a".repeat(257)}`);
    expect(await ccError(res)).toEqual({ status: 400, error: "q is longer than 256 characters" });
    expect((await ccGet(`/a/demo/api/v0.5/bulk-user/?q=${"*".repeat(256)}`)).status).toBe(200);
  });
});

describe("globMatches (unit)", () => {
  it("matches * and ? against the whole value, case as given", () => {
    expect(globMatches("w*r?", "worker")).toBe(false);
    expect(globMatches("w*r", "worker")).toBe(true);
    expect(globMatches("w?rker", "worker")).toBe(true);
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("a*b*c", "aXXbYYc")).toBe(true);
    expect(globMatches("a*b*c", "aXXbYY")).toBe(false);
    expect(globMatches("a.b", "axb")).toBe(false);
  });

  it("a pathological glob over a long value finishes at once", () => {
    const started = Date.now();
    expect(globMatches(`${"*a".repeat(100)}Z`, "a".repeat(10_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("parses quoted terms, fields and drops AND/OR", () => {
    expect(parseQuery('first_name:"Wan da" AND w*')).toEqual([
      { field: "first_name", glob: "wan da" },
      { field: null, glob: "w*" },
    ]);
  });
});

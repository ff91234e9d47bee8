import { describe, expect, it } from "vitest";
import { jsonDepth, searchCondition } from "../../src/commcare/form/search";

describe("_search bounds", () => {
  it("measures nesting without recursion, ignoring brackets inside strings", () => {
    expect(jsonDepth('{"a":[{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('{"a":"\\"[["}')).toBe(1);
    expect(jsonDepth("[".repeat(100000))).toBe(100000);
  });

  it("refuses a deeply nested document before JSON.parse sees it", () => {
    expect(() => searchCondition(`{"filter":${"[".repeat(5000)}`)).toThrow(/Bad _search: longer than 4096 characters/);
    expect(() => searchCondition(`{"filter":${"[".repeat(2000)}`)).toThrow(/nested deeper than 12 levels/);
  });

  it("an empty search or a match_all is no restriction", () => {
    expect(searchCondition("{}")).toBeUndefined();
    expect(searchCondition('{"filter":{"match_all":{}}}')).toBeDefined();
  });
});

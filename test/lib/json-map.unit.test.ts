import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { jsonMap } from "../../src/lib/json-map";

const Keys = jsonMap(z.string().max(20), z.number(), 3, "keys");

describe("jsonMap: a request's JSON map keeps every key as a plain name", () => {
  it("keeps __proto__, constructor and prototype as own keys, on an object without a prototype", () => {
    const parsed = Keys.parse(JSON.parse('{"__proto__": 1, "constructor": 2, "prototype": 3}'));
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(Object.entries(parsed)).toEqual([
      ["__proto__", 1],
      ["constructor", 2],
      ["prototype", 3],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a __proto__ whose value is an object does not become the map's prototype", () => {
    const M = jsonMap(z.string(), z.unknown(), 10);
    const parsed = M.parse(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'));
    expect(Object.keys(parsed)).toEqual(["__proto__", "a"]);
    expect((parsed as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("the escape is reversible: keys that look like escaped ones come back unchanged", () => {
    const M = jsonMap(z.string(), z.number(), 10);
    const input = JSON.parse('{"__proto__": 1, "__proto__\\u0000": 2, "x": 3}');
    expect(Object.entries(M.parse(input))).toEqual([
      ["__proto__", 1],
      ["__proto__\u0000", 2],
      ["x", 3],
    ]);
  });

  it("checks keys, values and the key count", () => {
    expect(Keys.safeParse({ a: "x" }).success).toBe(false);
    expect(Keys.safeParse(JSON.parse('{"__proto__": "x"}')).success).toBe(false);
    expect(Keys.safeParse({ a: 1, b: 2, c: 3, d: 4 }).success).toBe(false);
    expect(Keys.safeParse({ ["k".repeat(21)]: 1 }).success).toBe(false);
    expect(Keys.safeParse([1]).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/lib/cursor";

describe("keyset cursor", () => {
  it("round-trips the sort key values, url-safe and unpadded", () => {
    const values = ["2026-03-01T10:00:00.000Z", 42, null, "ünïcode/+?"];
    const text = encodeCursor(values);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(values);
    expect(decodeCursor(encodeCursor([]))).toEqual([]);
  });

  it("rejects anything it did not make", () => {
    expect(decodeCursor("")).toBeNull();
    expect(decodeCursor("not a cursor!")).toBeNull();
    expect(decodeCursor("e30")).toBeNull(); // "{}": JSON, but not an array
    expect(decodeCursor("Ww")).toBeNull(); // "[": not JSON
    expect(decodeCursor("_w")).toBeNull(); // invalid UTF-8
    expect(decodeCursor("a".repeat(5000))).toBeNull();
  });
});

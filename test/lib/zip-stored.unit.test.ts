import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../src/lib/crc32";
import { centralDirectory, dataDescriptor, localHeader, type StoredEntry } from "../../src/lib/zip-stored";
import { pageQuery } from "../../src/edc/exports/slice";

const enc = new TextEncoder();

describe("crc32", () => {
  it("matches the known check value and continues across pieces", () => {
    expect(crc32(enc.encode("123456789"))).toBe(0xcbf43926);
    const whole = enc.encode("a,b\r\n1,2\r\nünïcode\r\n");
    expect(crc32(whole.subarray(7), crc32(whole.subarray(0, 7)))).toBe(crc32(whole));
  });
});

describe("zip-stored", () => {
  it("an archive written piece by piece, entries in several pieces, is read back by an ordinary unzip", () => {
    const files: [string, string[]][] = [
      ["Visit_1__Vital_Signs.csv", ["a,b\r\n", "1,2\r\n", "3,4\r\n"]],
      ["ünïcode.csv", []],
    ];
    const out: Uint8Array[] = [];
    let offset = 0;
    const push = (b: Uint8Array) => (out.push(b), (offset += b.length));
    const entries: StoredEntry[] = [];
    for (const [name, pieces] of files) {
      const entry: StoredEntry = { name, crc: 0, size: 0, offset };
      push(localHeader(name));
      for (const piece of pieces) {
        const bytes = enc.encode(piece);
        entry.crc = crc32(bytes, entry.crc);
        entry.size += bytes.length;
        push(bytes);
      }
      push(dataDescriptor(entry));
      entries.push(entry);
    }
    push(centralDirectory(entries, offset));
    const zip = new Uint8Array(offset);
    let at = 0;
    for (const b of out) zip.set(b, at), (at += b.length);
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(files.map(([n]) => n));
    expect(strFromU8(read["Visit_1__Vital_Signs.csv"]!)).toBe("a,b\r\n1,2\r\n3,4\r\n");
    expect(read["ünïcode.csv"]!.length).toBe(0);
  });

  it("refuses what would need zip64", () => {
    expect(() => dataDescriptor({ name: "x", crc: 0, size: 2 ** 32, offset: 0 })).toThrow(/zip64/);
  });
});

describe("pageQuery", () => {
  const src = {
    name: null,
    text: 'SELECT * FROM "s"."t" WHERE "a" = $1::text::integer',
    params: [5],
    key: '"id"',
    keyType: "integer",
    keyField: "id",
    upper: "900",
    header: null,
    shape: { kind: "plain" as const },
  };
  it("bounds every page by the snapshot's key, then by the last key written, all values bound", () => {
    expect(pageQuery(src, null, 10)).toEqual({
      text: 'SELECT * FROM (SELECT * FROM "s"."t" WHERE "a" = $1::text::integer) AS q WHERE q."id" <= $2::text::integer ORDER BY q."id" LIMIT 10',
      params: [5, "900"],
    });
    expect(pageQuery(src, "41", 10).text).toContain('q."id" <= $2::text::integer AND q."id" > $3::text::integer');
    expect(pageQuery(src, "41", 10).params).toEqual([5, "900", "41"]);
  });
});

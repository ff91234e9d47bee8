import { env } from "cloudflare:workers";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { csvField, csvRow, safeFileName } from "../../src/lib/csv";
import { zipToR2 } from "../../src/lib/zip-r2";

describe("RFC 4180 CSV", () => {
  it("quotes only what needs quoting, doubles quotes, ends rows with CRLF", () => {
    expect(csvRow(["a", 1, null, undefined, true])).toBe("a,1,,,true\r\n");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField("x\ry")).toBe('"x\ry"');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(new Date("2020-01-02T03:04:05Z"))).toBe("2020-01-02T03:04:05.000Z");
    expect(csvField("naïve ünïcode")).toBe("naïve ünïcode");
  });

  it("makes zip entry names safe", () => {
    expect(safeFileName("Visit 1__Adverse Events/..\\x.csv")).toBe("Visit_1__Adverse_Events_.._x.csv");
  });
});

async function* lines(prefix: string, n: number) {
  for (let i = 0; i < n; i++) yield csvRow([prefix, i, 'ünïcode, "quoted"']);
}

describe("streaming zip into R2", () => {
  for (const compression of ["native", "fflate", "store"] as const) {
    it(`builds a valid zip with ${compression} entries, each file complete and in order`, async () => {
      const key = `downloads/unit-${compression}/test.zip`;
      const result = await zipToR2(
        env.FILES,
        key,
        [
          { name: "a.csv", chunks: lines("a", 5000) },
          { name: "empty.csv", chunks: lines("e", 0) },
          { name: "b.csv", chunks: lines("b", 20) },
        ],
        { compression },
      );
      expect(result.entries).toBe(3);
      const object = await env.FILES.get(key);
      const files = unzipSync(new Uint8Array(await object!.arrayBuffer()));
      expect(Object.keys(files)).toEqual(["a.csv", "empty.csv", "b.csv"]);
      const a = strFromU8(files["a.csv"]!).split("\r\n");
      expect(a).toHaveLength(5001);
      expect(a[0]).toBe('a,0,"ünïcode, ""quoted"""');
      expect(a[4999]).toBe('a,4999,"ünïcode, ""quoted"""');
      expect(strFromU8(files["empty.csv"]!)).toBe("");
      expect(strFromU8(files["b.csv"]!).split("\r\n")).toHaveLength(21);
      if (compression !== "store") expect(result.size).toBeLessThan(5000 * 30);
    });
  }
});

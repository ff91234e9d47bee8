import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { parseRange } from "../../src/downloads/range";
import { downloadKey, signedDownloadUrl } from "../../src/lib/signed-link";
import { BASE, get, problemOf } from "../helpers/http";

const ID = "range-0001";
const NAME = "rows.csv";
const CONTENT = Array.from({ length: 100 }, (_, i) => `row${String(i).padStart(5, "0")}\n`).join(""); // 900 bytes

async function link() {
  return (await signedDownloadUrl(BASE, env.DOWNLOAD_SECRET, ID, NAME, 600)).slice(BASE.length);
}
const ranged = async (range: string) => get(await link(), { headers: { range } });

beforeAll(async () => {
  await env.FILES.put(downloadKey(ID, NAME), CONTENT, { httpMetadata: { contentType: "text/csv; charset=utf-8" } });
});

describe("GET /downloads/{id}/{name} with a Range outside the file", () => {
  it.each(["bytes=900-", "bytes=5000-6000", "bytes=-0"])(
    "answers %s with 416, Content-Range: bytes */900 and no bytes of the file",
    async (range) => {
      const res = await ranged(range);
      expect(res.headers.get("content-range")).toBe(`bytes */${CONTENT.length}`);
      const { status, contentType, body } = await problemOf(res);
      expect(status).toBe(416);
      expect(contentType).toBe("application/problem+json");
      expect(body.error).toBe("range_not_satisfiable");
      expect(JSON.stringify(body)).not.toContain("row000");
    },
  );

  it("clamps a range that runs past the end to the last byte (206)", async () => {
    const res = await ranged("bytes=890-5000");
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 890-899/${CONTENT.length}`);
    expect(res.headers.get("content-length")).toBe("10");
    expect(await res.text()).toBe(CONTENT.slice(890));
  });

  it.each(["bytes=29-10", "bytes=abc", "items=0-9", "bytes=0-1,5-6"])(
    "ignores a Range it does not serve (%s) and answers the whole file, 200",
    async (range) => {
      const res = await ranged(range);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-range")).toBeNull();
      expect(await res.text()).toBe(CONTENT);
    },
  );
});

describe("parseRange", () => {
  it("reads first-last, open-ended and suffix ranges, and an empty file has no satisfiable range", () => {
    expect(parseRange("bytes=0-0", 10)).toEqual({ kind: "range", offset: 0, length: 1 });
    expect(parseRange("bytes=9-", 10)).toEqual({ kind: "range", offset: 9, length: 1 });
    expect(parseRange("bytes=-20", 10)).toEqual({ kind: "range", offset: 0, length: 10 });
    expect(parseRange("bytes=10-", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-1", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-", 10)).toEqual({ kind: "none" });
    expect(parseRange(undefined, 10)).toEqual({ kind: "none" });
  });
});

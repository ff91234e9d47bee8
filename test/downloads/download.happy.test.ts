import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { downloadKey, signedDownloadUrl } from "../../src/lib/signed-link";
import { BASE, get } from "../helpers/http";

const ID = "happy-0001";
const NAME = "report.csv";
// 900 bytes (ASCII, every line distinct), so every range is checkable by position.
const CONTENT = Array.from({ length: 100 }, (_, i) => `row${String(i).padStart(5, "0")}\n`).join("");

/** The path + query of a link signed exactly as the zip endpoints sign theirs. */
async function link(id = ID, name = NAME, ttl = 600) {
  const url = await signedDownloadUrl(BASE, env.DOWNLOAD_SECRET, id, name, ttl);
  return url.slice(BASE.length);
}

beforeAll(async () => {
  await env.FILES.put(downloadKey(ID, NAME), CONTENT, {
    httpMetadata: { contentType: "text/csv; charset=utf-8", contentDisposition: `attachment; filename="${NAME}"` },
  });
});

describe("GET /downloads/{id}/{name} with a valid signed link", () => {
  it("answers 200 with the whole object and its stored metadata, without any token", async () => {
    const res = await get(await link());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${NAME}"`);
    expect(res.headers.get("content-length")).toBe(String(CONTENT.length));
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("etag")).toBeTruthy();
    expect(await res.text()).toBe(CONTENT);
  });

  it("answers a Range request with 206, Content-Range and exactly those bytes", async () => {
    const res = await get(await link(), { headers: { range: "bytes=10-29" } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 10-29/${CONTENT.length}`);
    expect(res.headers.get("content-length")).toBe("20");
    expect(await res.text()).toBe(CONTENT.slice(10, 30));
  });

  it("answers open-ended (bytes=N-) and suffix (bytes=-N) ranges with the right bytes and Content-Range", async () => {
    const size = CONTENT.length;
    const open = await get(await link(), { headers: { range: `bytes=${size - 10}-` } });
    expect(open.status).toBe(206);
    expect(open.headers.get("content-range")).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(await open.text()).toBe(CONTENT.slice(size - 10));
    const suffix = await get(await link(), { headers: { range: "bytes=-7" } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get("content-range")).toBe(`bytes ${size - 7}-${size - 1}/${size}`);
    expect(suffix.headers.get("content-length")).toBe("7");
    expect(await suffix.text()).toBe(CONTENT.slice(size - 7));
  });

  it("serves the zip behind a real Link header of a zip endpoint byte for byte", async () => {
    // A zip built by the shared helper: the same code path every zip endpoint uses.
    const { zipToR2 } = await import("../../src/lib/zip-r2");
    const key = downloadKey("zip-0001", "data.zip");
    async function* rows() {
      yield "a,b\r\n1,2\r\n";
    }
    await zipToR2(env.FILES, key, [{ name: "x.csv", chunks: rows() }]);
    const stored = new Uint8Array(await (await env.FILES.get(key))!.arrayBuffer());
    const res = await get(await link("zip-0001", "data.zip"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(stored);
  });

  it("answers 404 when the link is valid but the object is gone", async () => {
    const res = await get(await link("gone-0001", "gone.zip"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { StorageError, zipToR2 } from "../../src/lib/zip-r2";
import { BASE, login } from "../helpers/http";

/** The real R2 bucket, whose multipart uploads fail on part `failOn`; records aborts. */
function failingBucket(failOn: number) {
  const aborted: string[] = [];
  const bucket = new Proxy(env.FILES, {
    get(target, prop) {
      if (prop !== "createMultipartUpload") return Reflect.get(target, prop).bind?.(target) ?? Reflect.get(target, prop);
      return async (key: string, options: R2MultipartOptions) => {
        const upload = await target.createMultipartUpload(key, options);
        return {
          key: upload.key,
          uploadId: upload.uploadId,
          uploadPart: (n: number, body: Uint8Array) =>
            n === failOn ? Promise.reject(new Error("network reset (injected)")) : upload.uploadPart(n, body),
          abort: async () => {
            aborted.push(key);
            return upload.abort();
          },
          complete: (parts: R2UploadedPart[]) => upload.complete(parts),
        };
      };
    },
  });
  return { bucket, aborted };
}

async function* rows(n: number) {
  for (let i = 0; i < n; i++) yield `${i},${"x".repeat(90)},${Math.sin(i)}\r\n`;
}

describe("R2 multipart upload failing half-way", () => {
  it("aborts the upload, leaves no object behind, and reports a StorageError", async () => {
    const { bucket, aborted } = failingBucket(2);
    const key = "downloads/fault-test/export.zip";
    // ~13 MiB of CSV stored (not deflated), so part 2 of 5 MiB is reached.
    const sources = [{ name: "big.csv", chunks: rows(130_000) }];
    await expect(zipToR2(bucket, key, sources, { compression: "store" })).rejects.toBeInstanceOf(StorageError);
    expect(aborted).toEqual([key]);
    expect(await env.FILES.head(key)).toBeNull();
  });

  it("completes and leaves a readable object when nothing fails", async () => {
    const { bucket, aborted } = failingBucket(99);
    const key = "downloads/fault-test/ok.zip";
    const result = await zipToR2(bucket, key, [{ name: "small.csv", chunks: rows(1000) }]);
    expect(aborted).toEqual([]);
    expect(result.entries).toBe(1);
    expect((await env.FILES.head(key))?.size).toBe(result.size);
  });

  it("over HTTP: a zip route answers 503 storage_unavailable with Retry-After, and leaves no object", async () => {
    const token = await login("admin@demo.test");
    const { bucket, aborted } = failingBucket(1);
    const listed = async () => (await env.FILES.list({ prefix: "downloads/" })).objects.map((o) => o.key);
    const before = await listed();
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/flask/subject/extract-study-event-data-to-CSV`, {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ study_id: 101 }),
      }),
      { ...env, FILES: bucket },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("30");
    expect(((await res.json()) as { error: string }).error).toBe("storage_unavailable");
    expect(aborted).toHaveLength(1);
    expect(await listed()).toEqual(before);
  });
});

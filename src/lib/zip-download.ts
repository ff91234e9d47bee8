import type { Context } from "hono";
import type { AppEnv } from "../env";
import { errorFields } from "./logger";
import { Problem } from "./problem";
import { downloadKey, signedDownloadUrl } from "./signed-link";
import { StorageError, zipToR2, type ZipSource } from "./zip-r2";

const DEFAULT_TTL = 900;

/**
 * Builds a zip into R2 and answers as flaskdata-api.md §0.5 says: 200 `application/zip` streamed
 * from R2 with `Content-Disposition: attachment`, and `Link: <signed url>; rel="alternate"` to fetch
 * the same object again without a token until the link expires. R2 failures answer 503.
 */
export async function zipDownload(
  c: Context<AppEnv>,
  fileName: string,
  sources: AsyncIterable<ZipSource> | Iterable<ZipSource>,
): Promise<Response> {
  const id = crypto.randomUUID();
  const key = downloadKey(id, fileName);
  const disposition = `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"`;
  try {
    await zipToR2(c.env.FILES, key, sources, { contentType: "application/zip", contentDisposition: disposition });
  } catch (err) {
    if (err instanceof StorageError) {
      c.get("logger")?.error("zip_upload_failed", { key, ...errorFields(err) });
      throw new Problem(503, "storage_unavailable", "The file store is unavailable. Try again shortly.", undefined, {
        "Retry-After": "30",
      });
    }
    throw err;
  }
  const object = await c.env.FILES.get(key);
  if (!object) throw new Problem(503, "storage_unavailable", "The generated file could not be read back. Try again shortly.");
  const ttl = Number(c.env.DOWNLOAD_TTL_SECONDS) || DEFAULT_TTL;
  const link = await signedDownloadUrl(new URL(c.req.url).origin, c.env.DOWNLOAD_SECRET, id, fileName, ttl);
  return new Response(object.body, {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-disposition": disposition,
      "content-length": String(object.size),
      link: `<${link}>; rel="alternate"`,
      "cache-control": "private, no-store",
    },
  });
}

import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { forbidden, notFound } from "../lib/problem";
import { downloadKey, verifyDownload } from "../lib/signed-link";
import type * as routes from "./routes";

/** Streams the R2 object (never buffered); `Range` is passed to R2 and answered with 206. */
export const download: RouteHandler<typeof routes.download, AppEnv> = async (c) => {
  const { id, name } = c.req.valid("param");
  const { expires, sig } = c.req.valid("query");
  const key = downloadKey(id, name);
  if (!(await verifyDownload(c.env.DOWNLOAD_SECRET, key, expires, sig))) {
    throw forbidden("invalid_link", "This download link is not valid.");
  }
  const range = c.req.header("range");
  const object = await c.env.FILES.get(key, range ? { range: c.req.raw.headers } : {});
  if (!object || !("body" in object)) throw notFound("not_found", "The file behind this link no longer exists.");
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("etag", object.httpEtag);
  headers.set("accept-ranges", "bytes");
  headers.set("cache-control", "private, no-store");
  if (!headers.has("content-type")) headers.set("content-type", "application/octet-stream");
  const given = object.range as { offset?: number; length?: number; suffix?: number } | undefined;
  // R2 may describe a suffix request (`bytes=-N`) as { suffix } rather than { offset, length }.
  const r = given && typeof given.offset !== "number" && typeof given.suffix === "number"
    ? { offset: Math.max(0, object.size - given.suffix), length: Math.min(given.suffix, object.size) }
    : given;
  if (range && r && typeof r.offset === "number") {
    const length = r.length ?? object.size - r.offset;
    headers.set("content-range", `bytes ${r.offset}-${r.offset + length - 1}/${object.size}`);
    headers.set("content-length", String(length));
    return c.body(object.body, 206, Object.fromEntries(headers));
  }
  headers.set("content-length", String(object.size));
  return c.body(object.body, 200, Object.fromEntries(headers));
};

import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { forbidden, notFound, Problem } from "../lib/problem";
import { downloadKey, verifyDownload } from "../lib/signed-link";
import { parseRange, type ByteRange } from "./range";
import type * as routes from "./routes";

const gone = () => notFound("not_found", "The file behind this link no longer exists.");

/**
 * Streams the R2 object (never buffered). A `Range` is checked against the object's size first (R2
 * does not refuse an unsatisfiable range everywhere: locally it serves the whole object): 206 with
 * those bytes, or 416 with `Content-Range: bytes *\/<size>`.
 */
export const download: RouteHandler<typeof routes.download, AppEnv> = async (c) => {
  const { id, name } = c.req.valid("param");
  const { expires, sig } = c.req.valid("query");
  const key = downloadKey(id, name);
  if (!(await verifyDownload(c.env.DOWNLOAD_SECRET, key, expires, sig))) {
    throw forbidden("invalid_link", "This download link is not valid.");
  }
  const rangeHeader = c.req.header("range");
  let range: ByteRange = { kind: "none" };
  if (rangeHeader) {
    const head = await c.env.FILES.head(key);
    if (!head) throw gone();
    range = parseRange(rangeHeader, head.size);
    if (range.kind === "unsatisfiable") {
      throw new Problem(416, "range_not_satisfiable", `The requested range is outside the file (${head.size} bytes).`, undefined, {
        "Content-Range": `bytes */${head.size}`,
        "Accept-Ranges": "bytes",
      });
    }
  }
  const object = await c.env.FILES.get(key, range.kind === "range" ? { range: { offset: range.offset, length: range.length } } : {});
  if (!object || !("body" in object)) throw gone();
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("etag", object.httpEtag);
  headers.set("accept-ranges", "bytes");
  headers.set("cache-control", "private, no-store");
  if (!headers.has("content-type")) headers.set("content-type", "application/octet-stream");
  if (range.kind === "range") {
    headers.set("content-range", `bytes ${range.offset}-${range.offset + range.length - 1}/${object.size}`);
    headers.set("content-length", String(range.length));
    return c.body(object.body, 206, Object.fromEntries(headers));
  }
  headers.set("content-length", String(object.size));
  return c.body(object.body, 200, Object.fromEntries(headers));
};

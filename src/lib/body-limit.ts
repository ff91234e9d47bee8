import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { Problem } from "./problem";

/** 1 MB per request body on the API families (flaskdata-api.md §0.2: 413). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Refuses a body larger than `maxSize` with `onError` before any handler reads it. A declared
 * Content-Length over the limit is refused at once; otherwise the bytes are counted while they
 * stream in (a missing or lying Content-Length cannot carry more through), and the body read so
 * far, at most `maxSize` bytes, is handed on.
 */
export function limitBody(maxSize: number, onError: (c: Context<AppEnv>) => Response): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = Number(c.req.header("content-length"));
    if (Number.isFinite(declared) && declared > maxSize) {
      await body.cancel().catch(() => undefined);
      return onError(c);
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) {
        await reader.cancel().catch(() => undefined);
        return onError(c);
      }
      chunks.push(value);
    }
    const buffer = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      buffer.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: buffer });
    return next();
  };
}

/** Refuses a larger body with 413 `payload_too_large` (problem+json families). */
export const problemBodyLimit = limitBody(MAX_BODY_BYTES, (c) =>
  new Problem(413, "payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`).toResponse(c.get("requestId")),
);

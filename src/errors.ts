import type { HTTPException } from "hono/http-exception";
import { CC_INTERNAL_ERROR, CommCareError } from "./commcare/errors";
import type { HttpError } from "./lib/http-error";
import { Problem } from "./lib/problem";

/** The API family a path belongs to decides the error format. */
export type Family = "commcare" | "problem";

export function familyOf(path: string): Family {
  return path.startsWith("/a/") ? "commcare" : "problem";
}

export function notFoundError(family: Family, method: string, path: string): HttpError {
  return family === "commcare" ? new CommCareError(404, null) : new Problem(404, "not_found", `No route for ${method} ${path}.`);
}

/** A 400 in the family's format, for checks made before a route's own validation (headers of every route). */
export function badRequestError(family: Family, code: string, detail: string): HttpError {
  return family === "commcare" ? new CommCareError(400, detail) : new Problem(400, code, detail);
}

/** Turns hono's own HTTPExceptions (malformed JSON, body limit) into the family's format. */
export function fromHttpException(family: Family, err: HTTPException): HttpError {
  const status = err.status;
  const retry = status === 503 ? { "Retry-After": "1" } : undefined;
  if (family === "commcare") {
    const message = status === 400 ? "Request is not valid JSON." : err.message || `HTTP ${status}`;
    return new CommCareError(status, message, retry);
  }
  if (status === 503) return new Problem(503, "busy", err.message, undefined, retry);
  if (status === 413) return new Problem(413, "payload_too_large", "The request body is larger than allowed.");
  if (status === 400) return new Problem(400, "invalid_json", "The request body is not valid JSON.");
  if (status === 415) return new Problem(415, "unsupported_media_type", "Send the body as application/json.");
  return new Problem(status, "http_error", err.message || `HTTP ${status}`);
}

/** An unexpected failure: a request id to quote, never a stack trace or SQL text. */
export function internalError(family: Family, requestId: string): Response {
  if (family === "commcare") {
    // tastypie's _handle_500 body (commcare-api.md §2.1), plus the id to quote (also in X-Request-Id).
    return new Response(JSON.stringify({ error_message: CC_INTERNAL_ERROR, request_id: requestId }), {
      status: 500,
      headers: { "content-type": "application/json" },
    });
  }
  return new Problem(500, "internal_error", `An unexpected error occurred. Quote request id ${requestId} when reporting it.`).toResponse(
    requestId,
  );
}

import { bodyLimit } from "hono/body-limit";
import { Problem } from "./problem";

/** 1 MB per request body on the problem+json families (flaskdata-api.md §0.2: 413). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Refuses a larger body with 413 `payload_too_large` before any handler reads it. */
export const problemBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => new Problem(413, "payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`).toResponse(c.get("requestId")),
});

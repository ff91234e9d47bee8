import type { MiddlewareHandler } from "hono";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { rateLimitHeadersFor } from "./throttle";
import { errorFields } from "../../lib/logger";

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Content-Type, Authorization",
};

/**
 * §2.7 CORS on every /a/ answer, errors and 404s included, plus the rate-limit headers of Q14
 * (src/commcare/pipeline/throttle.ts `rateLimitHeadersFor`) unless the answer already has them
 * (the throttle's 429).
 */
export const commcareHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  for (const [k, v] of Object.entries(CORS_HEADERS)) c.res.headers.set(k, v);
  if (c.res.headers.has("RateLimit-Limit")) return;
  let headers: Record<string, string> = {};
  try {
    headers = await rateLimitHeadersFor(c, d1(c.env.DB));
  } catch (err) {
    c.get("logger")?.error("rate_limit_headers_failed", errorFields(err));
  }
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
};

import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env";

/** Headers a pipeline step wants on the final answer (rate-limit state), keyed by request. */
const pending = new WeakMap<Request, Record<string, string>>();

export function addResponseHeaders(req: Request, headers: Record<string, string>) {
  pending.set(req, { ...pending.get(req), ...headers });
}

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Content-Type, Authorization",
};

/** §2.7 CORS on every /a/ answer, errors included, plus the rate-limit headers (Q14). */
export const commcareHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  for (const [k, v] of Object.entries(CORS_HEADERS)) c.res.headers.set(k, v);
  for (const [k, v] of Object.entries(pending.get(c.req.raw) ?? {})) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
};

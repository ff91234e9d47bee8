import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../env";
import { createLogger, type Logger } from "./logger";
import { rateLimitHeaders } from "./rate-limit";

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    logger: Logger;
  }
}

const INCOMING_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new UUID), echoes it
 * on the response with the RateLimit-* fields of the budget the request was counted against (if any,
 * whatever the answer, errors included), and writes one JSON access-log line: method, route, status,
 * duration, tenant, id.
 * Paths, not query strings, are logged: query strings may carry CommCare API keys.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
  const logger = createLogger({ request_id: requestId });
  c.set("requestId", requestId);
  c.set("logger", logger);
  const started = Date.now();
  try {
    await next();
  } finally {
    c.res.headers.set("X-Request-Id", requestId);
    const budget = c.get("rateLimit");
    if (budget) for (const [k, v] of Object.entries(rateLimitHeaders(budget))) c.res.headers.set(k, v);
    const tenant = c.get("tenant");
    logger.info("request", {
      method: c.req.method,
      route: routePath(c, -1),
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
      tenant: tenant ? `${tenant.kind}:${tenant.id}` : null,
    });
  }
};

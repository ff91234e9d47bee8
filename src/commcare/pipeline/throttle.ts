import type { Context } from "hono";
import type { CcDomain } from "../../db/schema/commcare";
import type { AppEnv } from "../../env";
import { consume, rateLimitHeaders } from "../../lib/rate-limit";
import { ccTooManyRequests } from "../errors";
import { addResponseHeaders } from "./headers";

export const DEFAULT_CC_PER_MINUTE = 600;

export const domainBudget = (c: Context<AppEnv>, domain: CcDomain) =>
  domain.rateLimitPerMinute && domain.rateLimitPerMinute > 0
    ? domain.rateLimitPerMinute
    : Number(c.env.COMMCARE_RATE_LIMIT_PER_MINUTE) || DEFAULT_CC_PER_MINUTE;

/**
 * §2.6 + Q14: a per-domain fixed window (the shared Durable Object limiter, tenant `domain:<name>`).
 * Spent → 429 with an empty body, `Retry-After` and RateLimit-*; otherwise the headers ride on the
 * answer. If the limiter is unreachable the request passes (and is logged).
 */
export async function throttle(c: Context<AppEnv>, domain: CcDomain) {
  const state = await consume(c.env, `domain:${domain.name}`, domainBudget(c, domain));
  if (!state) {
    c.get("logger")?.error("rate_limiter_unavailable", { tenant: `domain:${domain.name}` });
    return;
  }
  const headers = rateLimitHeaders(state);
  if (!state.allowed) throw ccTooManyRequests({ "Retry-After": String(state.reset), ...headers });
  addResponseHeaders(c.req.raw, headers);
}

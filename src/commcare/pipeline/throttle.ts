import type { Context } from "hono";
import type { D1Db } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import type { AppEnv } from "../../env";
import { consume, peek, rateLimitHeaders } from "../../lib/rate-limit";
import { findDomain } from "../auth/queries";
import { ccTooManyRequests } from "../errors";

export const DEFAULT_CC_PER_MINUTE = 600;

export const domainBudget = (c: Context<AppEnv>, domain: CcDomain) =>
  domain.rateLimitPerMinute && domain.rateLimitPerMinute > 0
    ? domain.rateLimitPerMinute
    : Number(c.env.COMMCARE_RATE_LIMIT_PER_MINUTE) || DEFAULT_CC_PER_MINUTE;

const tenantOf = (domain: CcDomain) => `domain:${domain.name}`;

/** Per request: the domain the pipeline looked up. */
const looked = new WeakMap<Request, CcDomain | null>();

/** The pipeline found (or did not find) the request's domain: saves the header step a lookup. */
export const rememberDomain = (req: Request, domain: CcDomain | null) => void looked.set(req, domain);

/**
 * §2.6 + Q14: a per-domain fixed window (the shared Durable Object limiter, tenant `domain:<name>`).
 * Spent → 429 with an empty body, `Retry-After` and RateLimit-*; otherwise the headers ride on the
 * answer. If the limiter is unreachable the request passes (and is logged).
 */
export async function throttle(c: Context<AppEnv>, domain: CcDomain) {
  const state = await consume(c.env, tenantOf(domain), domainBudget(c, domain));
  if (!state) {
    c.get("logger")?.error("rate_limiter_unavailable", { tenant: tenantOf(domain) });
    return;
  }
  if (!state.allowed) throw ccTooManyRequests({ "Retry-After": String(state.reset), ...rateLimitHeaders(state) });
  // request-context puts the spent budget's RateLimit-* on the answer, so no peek follows this spend.
  c.set("rateLimit", state);
}

/** `/a/{domain}/…` → the domain name (decoded), or null. */
export function domainNameOf(path: string): string | null {
  const m = /^\/a\/([^/]+)(?:\/|$)/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * Q14: the RateLimit-* headers of a CommCare answer. A request that got through the throttle
 * reports what it spent; every other answer (401/403 before or from authentication, 405, OPTIONS,
 * 404, the throttle's own 429 aside) reports the domain's budget as it stands, by `peek`, so that
 * callers without valid credentials can read the budget but never spend it. Unknown domain or
 * unreachable limiter → no headers.
 */
export async function rateLimitHeadersFor(c: Context<AppEnv>, db: D1Db): Promise<Record<string, string>> {
  const req = c.req.raw;
  const own = c.get("rateLimit");
  if (own) return rateLimitHeaders(own);
  let domain = looked.get(req);
  if (domain === undefined) {
    const name = domainNameOf(c.req.path);
    domain = name === null ? null : await findDomain(db, name);
  }
  if (!domain) return {};
  const state = await peek(c.env, tenantOf(domain), domainBudget(c, domain));
  return state ? rateLimitHeaders(state) : {};
}

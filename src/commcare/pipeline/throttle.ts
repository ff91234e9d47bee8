import type { Context } from "hono";
import type { D1Db } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import type { AppEnv } from "../../env";
import { consume, peek, rateLimitHeaders, type RateLimitState } from "../../lib/rate-limit";
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
 * `spend` counts the request; the pipeline starts it beside the request's own reads, so the limiter's
 * round trip is not one more in sequence, and `admit` judges it before anything is written or answered.
 */
export const spend = (c: Context<AppEnv>, domain: CcDomain) => consume(c.env, tenantOf(domain), domainBudget(c, domain));

/**
 * Spent → 429 with an empty body, `Retry-After` and RateLimit-*; otherwise the headers ride on the
 * answer (request-context puts them there, so no peek follows the spend). If the limiter is
 * unreachable the request passes (and is logged).
 */
export function admit(c: Context<AppEnv>, domain: CcDomain, state: RateLimitState | null) {
  if (!state) {
    c.get("logger")?.error("rate_limiter_unavailable", { tenant: tenantOf(domain) });
    unavailable.add(c.req.raw);
    return;
  }
  if (!state.allowed) throw ccTooManyRequests({ "Retry-After": String(state.reset), ...rateLimitHeaders(state) });
  c.set("rateLimit", state);
}

/** Requests whose spend found the limiter unreachable: their answers are not held up by asking it again. */
const unavailable = new WeakSet<Request>();

/** Per request: a peek started early (beside the domain's look-up), with the budget it asked about. */
const early = new WeakMap<Request, { tenant: string; limit: number; state: Promise<RateLimitState | null> }>();

/**
 * Starts the peek of an answer that will not spend (OPTIONS, 405) while the domain is still being read,
 * from the domain's hint; `rateLimitHeadersFor` uses it if the domain turns out to have that budget.
 */
export function peekEarly(c: Context<AppEnv>, domain: CcDomain) {
  const limit = domainBudget(c, domain);
  const state = peek(c.env, tenantOf(domain), limit);
  early.set(c.req.raw, { tenant: tenantOf(domain), limit, state });
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
  if (unavailable.has(req)) return {};
  let domain = looked.get(req);
  if (domain === undefined) {
    const name = domainNameOf(c.req.path);
    domain = name === null ? null : await findDomain(db, name);
  }
  if (!domain) return {};
  const started = early.get(req);
  const limit = domainBudget(c, domain);
  const state =
    started && started.tenant === tenantOf(domain) && started.limit === limit
      ? await started.state
      : await peek(c.env, tenantOf(domain), limit);
  return state ? rateLimitHeaders(state) : {};
}

import type { Context, MiddlewareHandler, Next } from "hono";
import type { AppEnv } from "../env";
import { Problem, unauthorized } from "../lib/problem";
import { consume, perMinute, rateLimitHeaders, type RateLimitState } from "../lib/rate-limit";
import { readsOnly } from "../lib/read-only";
import { gateWrites } from "../lib/write-gate";
import { customerTenant, type Caller } from "./caller";
import { verifyToken } from "./jwt";
import { resolveSession } from "./sessions";

/** `Authorization` may carry the raw token, `JWT <token>` or `Bearer <token>` (scheme case-insensitive). */
export function tokenFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const value = header.trim();
  const match = /^(jwt|bearer)\s+(.+)$/i.exec(value);
  const token = match ? match[2]!.trim() : value;
  return token.length > 0 && token.length <= 4096 ? token : null;
}

/**
 * Resolves the caller of an /auth, /edc or /flask request: the token's signature and expiry, then
 * its session (KV, falling back to D1). Missing, malformed, foreign-signed, expired or revoked → 401.
 */
export const requireCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = tokenFromHeader(c.req.header("authorization"));
  const claims = token ? await verifyToken(token, c.env.TOKEN_SECRET) : null;
  const caller = claims ? await resolveSession(c.env, claims.sub) : null;
  if (!caller) {
    await drainBody(c);
    if (!token) throw unauthorized("The Authorization header must carry a token from POST /auth/authorize.");
    if (!claims) throw unauthorized("The token is malformed, expired or not signed by this server.");
    throw unauthorized("The session of this token has ended. Authorize again.");
  }
  c.set("caller", caller);
  c.set("tenant", { kind: "customer", id: String(caller.customerId) });
  await withRateLimit(c, customerTenant(caller.customerId), perMinute(c.env, caller.rateLimitPerMinute), next);
};

const DRAIN_LIMIT = 1 << 20;

/**
 * Reads a small unread request body before a 401 goes out: answering before reading it makes some
 * HTTP/1.1 proxies (wrangler dev's among them, workers-sdk#15203) fail the next request on the
 * connection. Bodies over 1 MiB, or of unknown length, are left alone.
 */
async function drainBody(c: Context<AppEnv>) {
  const length = Number(c.req.header("content-length") ?? NaN);
  if (!c.req.raw.body || c.req.raw.bodyUsed || !(length <= DRAIN_LIMIT)) return;
  await c.req.raw.arrayBuffer().catch(() => undefined);
}

/**
 * Counts the request against the tenant's budget: RateLimit-* headers on the response (set by
 * request-context, for every answer), 429 with Retry-After once the budget of the minute is spent.
 * Never keyed by IP. The limiter is a far round trip, so it runs beside the work instead of before it:
 * - a read runs while it answers, and is answered 429 all the same (its work discarded) if the budget
 *   turns out spent;
 * - a write of /auth, /flask or /data-server, whose only effects are D1 statements, does its reads
 *   meanwhile, but its writing statements wait for the answer (src/lib/write-gate.ts): none runs once
 *   the budget is spent, and the request is answered 429;
 * - any other write (/edc: the EDC PostgreSQL, Workflows, e-mail) waits for the answer first.
 */
async function withRateLimit(c: Context<AppEnv>, tenant: string, limit: number, next: Next) {
  const spend = consume(c.env, tenant, limit).then((state) => {
    if (!state) c.get("logger")?.error("rate_limiter_unavailable", { tenant });
    else c.set("rateLimit", state);
    return state;
  });
  if (!readsOnly(c.req.method, c.req.path)) {
    if (!D1_ONLY_WRITES.test(c.req.path)) {
      refuseWhenSpent(await spend);
      return next();
    }
    const gate = spend.then(refuseWhenSpent);
    gate.catch(() => undefined); // a write that stops before writing never awaits it
    c.env = { ...c.env, DB: gateWrites(c.env.DB, gate) };
  }
  const [state, work] = await Promise.allSettled([spend, next()]);
  if (state.status === "fulfilled" && state.value && !state.value.allowed) {
    await c.res.body?.cancel().catch(() => undefined);
    refuseWhenSpent(state.value);
  }
  if (work.status === "rejected") throw work.reason;
}

/** Writes whose every effect is a D1 statement, which the write gate holds back. */
const D1_ONLY_WRITES = /^\/(auth|flask|data-server)\//;

function refuseWhenSpent(state: RateLimitState | null) {
  if (!state || state.allowed) return;
  throw new Problem(
    429,
    "rate_limited",
    `This account's budget of ${state.limit} requests per minute is spent. Retry in ${state.reset} s.`,
    undefined,
    {
      "Retry-After": String(state.reset),
      ...rateLimitHeaders(state),
    },
  );
}

/** The caller set by `requireCaller`; using it on a route without the middleware is a bug. */
export function callerOf(c: Context<AppEnv>): Caller {
  const caller = c.get("caller");
  if (!caller) throw new Error("requireCaller middleware missing on this route");
  return caller;
}

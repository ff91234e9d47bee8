import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

const WINDOW_MS = 60_000;
declare module "hono" {
  interface ContextVariableMap {
    /** The budget this request was counted against; request-context puts it on the response headers. */
    rateLimit: RateLimitState | undefined;
  }
}

export const DEFAULT_PER_MINUTE = 1200;

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
  /** Window length in seconds (60 unless said otherwise). */
  window?: number;
}

/**
 * One instance per tenant (`idFromName(tenant)`): a fixed one-minute window counted in memory.
 * Durable Objects are single-threaded, so the count is exact across every Worker instance; an
 * evicted object simply starts a fresh window, which errs on the side of the client.
 */
export class RateLimiter extends DurableObject {
  private windowStart = 0;
  private count = 0;

  hit(limit: number, now = Date.now()): RateLimitState {
    const state = this.peek(limit, now);
    if (!state.allowed) return state;
    this.count += 1;
    return { ...state, remaining: limit - this.count };
  }

  /** The budget as it stands, without spending any of it (for answers given before authentication). */
  peek(limit: number, now = Date.now()): RateLimitState {
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now - (now % WINDOW_MS);
      this.count = 0;
    }
    const reset = Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000));
    if (this.count >= limit) return { allowed: false, limit, remaining: 0, reset };
    return { allowed: true, limit, remaining: limit - this.count, reset };
  }
}

export const perMinute = (env: Pick<Env, "RATE_LIMIT_PER_MINUTE">, override?: number | null) =>
  override && override > 0 ? override : Number(env.RATE_LIMIT_PER_MINUTE) || DEFAULT_PER_MINUTE;

/**
 * Counts one request against a tenant's budget. If the limiter cannot be reached the request is let
 * through (and the caller logs it): a rate limiter must not take the API down with it.
 */
export const consume = (env: Pick<Env, "RATE_LIMITER">, tenant: string, limit: number) => ask(env, tenant, (stub) => stub.hit(limit));

/** The tenant's budget without spending it; null when the limiter cannot be reached. */
export const peek = (env: Pick<Env, "RATE_LIMITER">, tenant: string, limit: number) => ask(env, tenant, (stub) => stub.peek(limit));

type LimiterStub = DurableObjectStub<RateLimiter>;
async function ask(
  env: Pick<Env, "RATE_LIMITER">,
  tenant: string,
  call: (stub: LimiterStub) => Promise<RateLimitState>,
): Promise<RateLimitState | null> {
  try {
    return await call(env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(tenant)));
  } catch {
    return null;
  }
}

/** IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.reset),
    "RateLimit-Policy": `${state.limit};w=${state.window ?? WINDOW_MS / 1000}`,
  };
}

import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { d1 } from "../db/d1";
import { customers, sessions, users } from "../db/schema/foundation";
import type { Env } from "../env";
import { sha256Hex } from "../lib/audit/chain";
import type { Caller } from "./caller";

const KV_MIN_TTL = 60;
const kvKey = (sessionHash: string) => `sess:${sessionHash}`;
const numberVar = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export const sessionLifetimeMs = (env: Env) => numberVar(env.SESSION_TTL_SECONDS, 3 * 3600) * 1000;
const cacheTtlSeconds = (env: Env) => numberVar(env.SESSION_CACHE_TTL, 60);

/** 32 random [A-Za-z0-9] characters, as FlaskData's `sub`; rejection sampling keeps it unbiased. */
export function newSessionId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let id = "";
  while (id.length < 32) {
    for (const b of crypto.getRandomValues(new Uint8Array(48))) {
      if (b < 248 && id.length < 32) id += alphabet[b % 62];
    }
  }
  return id;
}

export const hashSessionId = (sessionId: string) => sha256Hex(sessionId);

/**
 * Caches a caller in KV for min(remaining lifetime, SESSION_CACHE_TTL) (flaskdata-api.md §0.1). KV
 * cannot keep an entry for less than 60 s, so a session with under a minute left is not cached and
 * is read from D1; the cached `expiresAt` is checked on every read as well.
 */
async function cache(env: Env, caller: Caller): Promise<void> {
  const remaining = Math.floor((caller.expiresAt - Date.now()) / 1000);
  const ttl = Math.min(remaining, Math.max(KV_MIN_TTL, cacheTtlSeconds(env)));
  if (ttl < KV_MIN_TTL) return;
  await env.SESSIONS.put(kvKey(caller.sessionHash), JSON.stringify(caller), { expirationTtl: ttl });
}

async function fromKv(env: Env, sessionHash: string): Promise<Caller | null> {
  try {
    return await env.SESSIONS.get<Caller>(kvKey(sessionHash), "json");
  } catch {
    return null; // KV unavailable: D1 is the source of truth.
  }
}

async function fromD1(env: Env, sessionHash: string, now: number): Promise<Caller | null> {
  const rows = await d1(env.DB)
    .select({
      userId: users.id,
      customerId: users.customerId,
      email: users.email,
      roleId: users.roleId,
      edcRoleId: users.edcRoleId,
      edcUsername: users.edcUsername,
      status: users.status,
      expiresAt: sessions.expiresAt,
      features: customers.features,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(customers, eq(customers.id, users.customerId))
    .where(and(eq(sessions.idHash, sessionHash), isNull(sessions.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (row?.status !== "active") return null;
  const expiresAt = Date.parse(row.expiresAt);
  if (!(expiresAt > now)) return null;
  const { status: _status, features, ...rest } = row;
  return { ...rest, sessionHash, expiresAt, rateLimitPerMinute: customerRateLimit(features) };
}

export function customerRateLimit(features: string): number | null {
  try {
    const value = (JSON.parse(features) as { rate_limit_per_minute?: unknown }).rate_limit_per_minute;
    return typeof value === "number" && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** KV first; D1 only on a miss, and the answer is cached again. */
export async function resolveSession(env: Env, sessionId: string, now = Date.now()): Promise<Caller | null> {
  const sessionHash = await hashSessionId(sessionId);
  const cached = await fromKv(env, sessionHash);
  if (cached) return cached.expiresAt > now ? cached : null;
  const caller = await fromD1(env, sessionHash, now);
  if (caller) await cache(env, caller).catch(() => undefined);
  return caller;
}

export { cache as cacheCaller };

/** Revocation removes the KV entry at once (where it is made); D1 is marked in the same request. */
export async function forgetCachedSession(env: Env, sessionHash: string): Promise<void> {
  await env.SESSIONS.delete(kvKey(sessionHash));
}

/**
 * Drops the cached sessions of these users (after their roles changed), so that their next request
 * reads D1. A KV that cannot be reached is no error: an entry it keeps lives out SESSION_CACHE_TTL.
 */
export async function forgetUsersCachedSessions(env: Env, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  const live = await d1(env.DB)
    .select({ idHash: sessions.idHash })
    .from(sessions)
    .where(
      and(
        sql`${sessions.userId} IN (SELECT value FROM json_each(${JSON.stringify(userIds)}))`,
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date().toISOString()),
      ),
    );
  await Promise.all(live.map((s) => forgetCachedSession(env, s.idHash).catch(() => undefined)));
}

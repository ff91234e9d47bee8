import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { auditUserLogin, sessions, users } from "../db/schema/foundation";
import type { RateLimitState } from "../lib/rate-limit";

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_WINDOW_MS = 15 * 60 * 1000;
const FAILURES = ["bad_password", "unknown_user", "disabled"];

export type LoginOutcome = "success" | "bad_password" | "unknown_user" | "disabled" | "locked" | "logout";

export function findUserByEmail(db: D1Db, email: string) {
  return db.select().from(users).where(eq(users.email, email)).limit(1).then((r) => r[0] ?? null);
}

/** Epoch ms of the email's failed logins of the last two lock windows, ascending. */
export async function recentFailures(db: D1Db, email: string, now: number): Promise<number[]> {
  const since = new Date(now - 2 * LOCK_WINDOW_MS).toISOString();
  const rows = await db
    .select({ at: auditUserLogin.dateCreated })
    .from(auditUserLogin)
    .where(and(eq(auditUserLogin.email, email), gte(auditUserLogin.dateCreated, since), inArray(auditUserLogin.outcome, FAILURES)))
    .orderBy(asc(auditUserLogin.dateCreated))
    .limit(200);
  return rows.map((r) => Date.parse(r.at));
}

/**
 * When the email is locked, the epoch ms at which it unlocks. The lock starts at the
 * LOCK_AFTER_FAILURES-th failure that falls within LOCK_WINDOW_MS of the four before it, and lasts
 * LOCK_WINDOW_MS. Attempts made while locked are not failures, so hammering does not extend it.
 * `failures` are epoch ms in ascending order.
 */
export function lockEnd(failures: number[], now: number): number | null {
  let end: number | null = null;
  for (let j = LOCK_AFTER_FAILURES - 1; j < failures.length; j++) {
    if (failures[j]! - failures[j - LOCK_AFTER_FAILURES + 1]! <= LOCK_WINDOW_MS) end = failures[j]! + LOCK_WINDOW_MS;
  }
  return end !== null && end > now ? end : null;
}

/**
 * The email's login budget as RateLimit-* fields: LOCK_AFTER_FAILURES failures per LOCK_WINDOW_MS;
 * `remaining` is how many more may fail before the lock, `reset` when the oldest counted one ages out
 * (or the lock ends).
 */
export function loginBudget(failures: number[], now: number): RateLimitState {
  const limit = LOCK_AFTER_FAILURES;
  const window = LOCK_WINDOW_MS / 1000;
  const until = lockEnd(failures, now);
  if (until) return { allowed: false, limit, remaining: 0, reset: Math.max(1, Math.ceil((until - now) / 1000)), window };
  const counted = failures.filter((t) => t > now - LOCK_WINDOW_MS);
  const reset = counted.length ? Math.max(1, Math.ceil((counted[0]! + LOCK_WINDOW_MS - now) / 1000)) : window;
  return { allowed: true, limit, remaining: Math.max(0, limit - counted.length), reset, window };
}

export interface LoginAttempt {
  email: string;
  outcome: LoginOutcome;
  customerId: number | null;
  userId: number | null;
  ip: string | null;
  userAgent: string | null;
}

export function loginAttemptInsert(db: D1Db, a: LoginAttempt, at: Date) {
  return db.insert(auditUserLogin).values({ ...a, userAgent: a.userAgent?.slice(0, 300) ?? null, dateCreated: at.toISOString() });
}

export function sessionInsert(db: D1Db, s: { idHash: string; userId: number; customerId: number; createdAt: Date; expiresAt: Date }) {
  return db.insert(sessions).values({
    idHash: s.idHash,
    userId: s.userId,
    customerId: s.customerId,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
  });
}

export function sessionRevoke(db: D1Db, idHash: string, at: Date) {
  return db.update(sessions).set({ revokedAt: at.toISOString() }).where(eq(sessions.idHash, idHash));
}

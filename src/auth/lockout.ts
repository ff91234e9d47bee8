import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { D1BatchItem, D1Db } from "../db/d1";
import { auditUserLogin } from "../db/schema/foundation";
import type { RateLimitState } from "../lib/rate-limit";
import { verifyDummy, verifyPassword } from "./password";
import { loginAttemptInsert, type LoginChannel, type LoginClient, type LoginOutcome } from "./queries";

/**
 * The one lockout every password check goes through: `/auth/authorize`, `/auth/mobile-form-authorization`
 * and CommCare Basic (flaskdata-api.md §0.1, commcare-api.md §2.2). LOCK_AFTER_FAILURES failures for one
 * email within LOCK_WINDOW_MS lock that email for LOCK_WINDOW_MS on every channel: the counter is per
 * email, not per door, because the email names one person here (the demo's admin@demo.test is both a
 * Flask and a CommCare login) and HQ keeps one failure count per user for its web login, Basic and Digest
 * alike. Separate counters would give a guesser LOCK_AFTER_FAILURES tries per door against a person who
 * reuses a password. While locked, even the right password is refused, and those attempts are recorded
 * as `locked`, not as failures, so hammering does not extend the lock.
 */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_WINDOW_MS = 15 * 60 * 1000;
const FAILURES: LoginOutcome[] = ["bad_password", "unknown_user", "disabled"];

/** The email's failed logins of the last two lock windows (on any channel), oldest first. */
function failuresQuery(db: D1Db, email: string, now: number) {
  const since = new Date(now - 2 * LOCK_WINDOW_MS).toISOString();
  return db
    .select({ at: auditUserLogin.dateCreated })
    .from(auditUserLogin)
    .where(and(eq(auditUserLogin.email, email), gte(auditUserLogin.dateCreated, since), inArray(auditUserLogin.outcome, FAILURES)))
    .orderBy(asc(auditUserLogin.dateCreated))
    .limit(200);
}

/**
 * When the email is locked, the epoch ms at which it unlocks. The lock starts at the
 * LOCK_AFTER_FAILURES-th failure that falls within LOCK_WINDOW_MS of the four before it, and lasts
 * LOCK_WINDOW_MS. `failures` are epoch ms in ascending order.
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

/** What the lockout needs to know of an account, whichever table holds it. */
export interface Account {
  passwordHash: string | null;
  active: boolean;
  /** The Flask customer and user the audit row belongs to; null for accounts outside Flask (CommCare). */
  customerId: number | null;
  userId: number | null;
}

export interface PasswordAttempt {
  email: string;
  password: string;
  channel: LoginChannel;
  client: LoginClient;
  now: Date;
  /** PBKDF2 cost of the dummy check for unknown emails, so they cost the time a real check does. */
  dummyIterations: number;
}

export type PasswordVerdict<U> =
  | { kind: "ok"; user: U; budget: RateLimitState; failuresInWindow: number }
  | { kind: "locked"; budget: RateLimitState; retryAfter: number }
  | { kind: "failed"; outcome: "unknown_user" | "bad_password" | "disabled"; user: U | null; budget: RateLimitState };

/**
 * Checks `attempt.password` against the account `lookup` finds, under the lockout. The account read and
 * the failure read are one D1 batch (one round trip); a refusal writes its `audit_user_login` row before
 * answering (a second one). A success writes nothing: the caller records it in the batch that acts on the
 * login (the session insert), or not at all for a per-request check (CommCare Basic).
 * `disabled` (right password, inactive account) counts as a failure, as the reference's Django
 * `authenticate` treats an inactive user like a wrong password.
 */
export async function checkPassword<U>(
  db: D1Db,
  attempt: PasswordAttempt,
  lookup: { query: D1BatchItem; account: (user: U) => Account },
): Promise<PasswordVerdict<U>> {
  const now = attempt.now.getTime();
  const [found, failed] = (await db.batch([lookup.query, failuresQuery(db, attempt.email, now)])) as [U[], { at: string }[]];
  const failures = failed.map((r) => Date.parse(r.at));
  const until = lockEnd(failures, now);
  const record = (outcome: LoginOutcome, account: Account | null) =>
    loginAttemptInsert(
      db,
      {
        email: attempt.email,
        outcome,
        channel: attempt.channel,
        customerId: account?.customerId ?? null,
        userId: account?.userId ?? null,
        ...attempt.client,
      },
      attempt.now,
    );

  const user = found[0] ?? null;
  const account = user ? lookup.account(user) : null;
  if (until) {
    await record("locked", account);
    return { kind: "locked", budget: loginBudget(failures, now), retryAfter: Math.max(1, Math.ceil((until - now) / 1000)) };
  }
  let outcome: "unknown_user" | "bad_password" | "disabled" | null;
  if (!account?.passwordHash) {
    await verifyDummy(attempt.password, attempt.dummyIterations);
    outcome = "unknown_user";
  } else if (!(await verifyPassword(attempt.password, account.passwordHash))) outcome = "bad_password";
  else outcome = account.active ? null : "disabled";

  if (outcome === null) {
    const failuresInWindow = failures.filter((t) => t > now - LOCK_WINDOW_MS).length;
    return { kind: "ok", user: user!, budget: loginBudget(failures, now), failuresInWindow };
  }
  await record(outcome, account);
  return { kind: "failed", outcome, user, budget: loginBudget([...failures, now], now) };
}

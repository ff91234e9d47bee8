import type { Context } from "hono";
import { d1 } from "../db/d1";
import type { AppEnv } from "../env";
import { auditContext, auditedBatch } from "../lib/audit";
import { Problem, unauthorized } from "../lib/problem";
import { customerTenant } from "./caller";
import { signToken } from "./jwt";
import { checkPassword } from "./lockout";
import { DEFAULT_ITERATIONS } from "./password";
import { loginAttemptInsert, sessionInsert, userByEmail, type LoginChannel, type LoginClient, type User } from "./queries";
import { cacheCaller, customerRateLimit, hashSessionId, newSessionId, sessionLifetimeMs } from "./sessions";
import { eq } from "drizzle-orm";
import { customers } from "../db/schema/foundation";

const INVALID = "The email or password is not correct.";

export const loginClient = (c: Context<AppEnv>): LoginClient => ({
  ip: c.req.header("cf-connecting-ip") ?? null,
  userAgent: c.req.header("user-agent") ?? null,
});

/**
 * A password login that opens a session and answers `{token, expired}` (flaskdata-api.md §0.1): the one
 * body of every token login, which differ only in their channel and in `refuses`, the accounts a door is
 * not open to (checked once the password is known to be right, so it reveals nothing to a guesser; the
 * attempt is recorded as `forbidden` and is no failure). Round trips: the account and failure read (one
 * batch), then the session, its `audit_user_login` row and its audit row (one batch, which also reads the
 * customer's features for the session's KV cache entry).
 */
export async function tokenLogin(
  c: Context<AppEnv>,
  channel: LoginChannel,
  credentials: { email: string; password: string },
  refuses?: (user: User) => Problem | null,
): Promise<{ token: string; expired: string }> {
  const db = d1(c.env.DB);
  const now = new Date();
  const client = loginClient(c);
  const verdict = await checkPassword<User>(
    db,
    { ...credentials, channel, client, now, dummyIterations: Number(c.env.PBKDF2_ITERATIONS) || DEFAULT_ITERATIONS },
    {
      query: userByEmail(db, credentials.email),
      account: (u) => ({ passwordHash: u.passwordHash, active: u.status === "active", customerId: u.customerId, userId: u.id }),
    },
  );
  c.set("rateLimit", verdict.budget);
  if (verdict.kind === "locked") {
    throw new Problem(429, "login_locked", `Too many failed logins for this email. Try again in ${verdict.retryAfter} s.`, undefined, {
      "Retry-After": String(verdict.retryAfter),
    });
  }
  if (verdict.kind === "failed") throw unauthorized(verdict.outcome === "disabled" ? "This account is disabled." : INVALID);

  const user = verdict.user;
  const attempt = { email: credentials.email, channel, customerId: user.customerId, userId: user.id, ...client };
  const refusal = refuses?.(user);
  if (refusal) {
    await loginAttemptInsert(db, { ...attempt, outcome: "forbidden" }, now);
    throw refusal;
  }

  const sessionId = newSessionId();
  const idHash = await hashSessionId(sessionId);
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs(c.env));
  const ctx = auditContext(c, { tenant: customerTenant(user.customerId), customerId: user.customerId, actor: `user:${user.id}` });
  const results = await auditedBatch(db, ctx, () => ({
    statements: [
      sessionInsert(db, { idHash, userId: user.id, customerId: user.customerId, createdAt: now, expiresAt }),
      loginAttemptInsert(db, { ...attempt, outcome: "success" }, now),
      db.select({ features: customers.features }).from(customers).where(eq(customers.id, user.customerId)),
    ],
    entries: [
      {
        action: "auth.login",
        entity: "session",
        entityId: idHash.slice(0, 16),
        after: { user_id: user.id, channel, expires_at: expiresAt.toISOString() },
      },
    ],
  }));
  // The new session goes into the KV cache now, not on its first request: that request then finds it at the
  // edge instead of reading D1 before anything else can start (its rate limit needs the caller's customer).
  // Awaited, so that a logout right after this answer cannot delete the entry before it is written.
  const features = (results[2] as { features: string }[])[0]?.features ?? "{}";
  await cacheCaller(c.env, {
    userId: user.id,
    customerId: user.customerId,
    email: user.email,
    roleId: user.roleId,
    edcRoleId: user.edcRoleId,
    edcUsername: user.edcUsername,
    sessionHash: idHash,
    expiresAt: expiresAt.getTime(),
    rateLimitPerMinute: customerRateLimit(features),
  }).catch(() => undefined);
  const token = await signToken({ sub: sessionId, exp: expiresAt.getTime(), iat: Math.floor(now.getTime() / 1000) }, c.env.TOKEN_SECRET);
  return { token, expired: expiresAt.toISOString() };
}

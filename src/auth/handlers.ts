import type { RouteHandler } from "@hono/zod-openapi";
import { d1 } from "../db/d1";
import type { AppEnv } from "../env";
import { auditContext, callerAuditContext, auditedBatch } from "../lib/audit";
import { Problem, unauthorized } from "../lib/problem";
import { customerTenant } from "./caller";
import { signToken } from "./jwt";
import { callerOf } from "./middleware";
import { DEFAULT_ITERATIONS, verifyDummy, verifyPassword } from "./password";
import { findUserByEmail, lockEnd, loginAttemptInsert, loginBudget, recentFailures, sessionInsert, sessionRevoke, type LoginAttempt } from "./queries";
import type * as routes from "./routes";
import { forgetCachedSession, hashSessionId, newSessionId, sessionLifetimeMs } from "./sessions";

const INVALID = "The email or password is not correct.";

export const authorize: RouteHandler<typeof routes.authorize, AppEnv> = async (c) => {
  const { email, password } = c.req.valid("json");
  const db = d1(c.env.DB);
  const now = new Date();
  const attempt = (outcome: LoginAttempt["outcome"], user?: { id: number; customerId: number }): LoginAttempt => ({
    email,
    outcome,
    customerId: user?.customerId ?? null,
    userId: user?.id ?? null,
    ip: c.req.header("cf-connecting-ip") ?? null,
    userAgent: c.req.header("user-agent") ?? null,
  });

  const failures = await recentFailures(db, email, now.getTime());
  c.set("rateLimit", loginBudget(failures, now.getTime()));
  const until = lockEnd(failures, now.getTime());
  if (until) {
    await loginAttemptInsert(db, attempt("locked"), now);
    const retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new Problem(429, "login_locked", `Too many failed logins for this email. Try again in ${retryAfter} s.`, undefined, {
      "Retry-After": String(retryAfter),
    });
  }
  /** Records a failed attempt and answers 401; the budget on the answer counts this failure. */
  const fail = async (outcome: LoginAttempt["outcome"], detail: string, user?: { id: number; customerId: number }) => {
    await loginAttemptInsert(db, attempt(outcome, user), now);
    c.set("rateLimit", loginBudget([...failures, now.getTime()], now.getTime()));
    return unauthorized(detail);
  };

  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await verifyDummy(password, Number(c.env.PBKDF2_ITERATIONS) || DEFAULT_ITERATIONS);
    throw await fail("unknown_user", INVALID);
  }
  if (!(await verifyPassword(password, user.passwordHash))) throw await fail("bad_password", INVALID, user);
  if (user.status !== "active") throw await fail("disabled", "This account is disabled.", user);

  const sessionId = newSessionId();
  const idHash = await hashSessionId(sessionId);
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs(c.env));
  const ctx = auditContext(c, { tenant: customerTenant(user.customerId), customerId: user.customerId, actor: `user:${user.id}` });
  await auditedBatch(db, ctx, () => ({
    statements: [
      sessionInsert(db, { idHash, userId: user.id, customerId: user.customerId, createdAt: now, expiresAt }),
      loginAttemptInsert(db, attempt("success", user), now),
    ],
    entries: [{ action: "auth.login", entity: "session", entityId: idHash.slice(0, 16), after: { user_id: user.id, expires_at: expiresAt.toISOString() } }],
  }));
  const token = await signToken(
    { sub: sessionId, exp: expiresAt.getTime(), iat: Math.floor(now.getTime() / 1000) },
    c.env.TOKEN_SECRET,
  );
  return c.json({ token, expired: expiresAt.toISOString() }, 200);
};

export const logout: RouteHandler<typeof routes.logout, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const now = new Date();
  const ctx = callerAuditContext(c, caller);
  await auditedBatch(db, ctx, () => ({
    statements: [
      sessionRevoke(db, caller.sessionHash, now),
      loginAttemptInsert(
        db,
        { email: caller.email, outcome: "logout", customerId: caller.customerId, userId: caller.userId, ip: c.req.header("cf-connecting-ip") ?? null, userAgent: c.req.header("user-agent") ?? null },
        now,
      ),
    ],
    entries: [{ action: "auth.logout", entity: "session", entityId: caller.sessionHash.slice(0, 16), before: { revoked: false }, after: { revoked: true } }],
  }));
  await forgetCachedSession(c.env, caller.sessionHash);
  return c.json({ status: "logged_out" as const }, 200);
};

export const self: RouteHandler<typeof routes.self, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const user = await findUserByEmail(d1(c.env.DB), caller.email);
  if (!user) throw unauthorized();
  return c.json(
    {
      id: user.id,
      email: user.email,
      first_name: user.firstName,
      last_name: user.lastName,
      customer_id: user.customerId,
      company_name: user.companyName,
      role_id: user.roleId,
      edc_role_id: user.edcRoleId,
      edc_username: user.edcUsername,
      study_subject_label: user.studySubjectLabel,
      phone: user.phone,
      expired: new Date(caller.expiresAt).toISOString(),
    },
    200,
  );
};

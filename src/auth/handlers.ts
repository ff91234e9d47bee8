import type { RouteHandler } from "@hono/zod-openapi";
import { d1 } from "../db/d1";
import type { AppEnv } from "../env";
import { callerAuditContext, auditedBatch } from "../lib/audit";
import { forbidden, unauthorized, type Problem } from "../lib/problem";
import { ROLE } from "./caller";
import { callerOf } from "./middleware";
import { findUserByEmail, loginAttemptInsert, sessionRevoke, type User } from "./queries";
import type * as routes from "./routes";
import { forgetCachedSession } from "./sessions";
import { loginClient, tokenLogin } from "./token-login";

export const authorize: RouteHandler<typeof routes.authorize, AppEnv> = async (c) =>
  c.json(await tokenLogin(c, "auth/authorize", c.req.valid("json")), 200);

/**
 * The ePRO login (flaskdata-api.md §1.4): only subject accounts, that is role 5 with the subject they
 * are (users.study_subject_label). Their token then reaches only what the subject scope lets a subject
 * see, on every route (src/flask/scope.ts; /edc refuses the role).
 */
export const mobileFormAuthorization: RouteHandler<typeof routes.mobileFormAuthorization, AppEnv> = async (c) =>
  c.json(await tokenLogin(c, "auth/mobile-form-authorization", c.req.valid("json"), refuseNonSubject), 200);

function refuseNonSubject(user: User): Problem | null {
  if (user.roleId !== ROLE.SUBJECT) {
    return forbidden("subject_login_only", "This login is for study subjects (ePRO). Other accounts log in at POST /auth/authorize.");
  }
  if (!user.studySubjectLabel) return forbidden("subject_login_only", "This subject account is not linked to a study subject yet.");
  return null;
}

export const logout: RouteHandler<typeof routes.logout, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const now = new Date();
  const ctx = callerAuditContext(c, caller);
  const { email, customerId, userId } = caller;
  const attempt = { email, customerId, userId, outcome: "logout", channel: "auth/logout" } as const;
  await auditedBatch(db, ctx, () => ({
    statements: [sessionRevoke(db, caller.sessionHash, now), loginAttemptInsert(db, { ...attempt, ...loginClient(c) }, now)],
    entries: [
      {
        action: "auth.logout",
        entity: "session",
        entityId: caller.sessionHash.slice(0, 16),
        before: { revoked: false },
        after: { revoked: true },
      },
    ],
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

import { eq } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { auditUserLogin, sessions, users } from "../db/schema/foundation";

export type LoginOutcome = "success" | "bad_password" | "unknown_user" | "disabled" | "locked" | "forbidden" | "logout";
/** The door a login attempt came through (audit_user_login.channel). */
export type LoginChannel = "auth/authorize" | "auth/mobile-form-authorization" | "auth/logout" | "commcare/basic";

/** The user with this email, as a query builder so that a login can batch it with its failure read. */
export function userByEmail(db: D1Db, email: string) {
  return db.select().from(users).where(eq(users.email, email)).limit(1);
}

export function findUserByEmail(db: D1Db, email: string) {
  return userByEmail(db, email).then((r) => r[0] ?? null);
}

export type User = typeof users.$inferSelect;

export interface LoginClient {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginAttempt extends LoginClient {
  email: string;
  outcome: LoginOutcome;
  channel: LoginChannel;
  customerId: number | null;
  userId: number | null;
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

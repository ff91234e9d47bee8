import { and, eq } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { sites, studies } from "../db/schema/foundation";
import { forbidden, notFound } from "../lib/problem";
import { canSeeSite, canSeeStudy, type Scope } from "./policy";

/** Throws 403 unless the caller's role is one of `roles`. */
export function requireRole(scope: Scope, roles: number[], what: string): void {
  if (!roles.includes(scope.roleId)) throw forbidden("role_forbidden", `Your role may not ${what}.`);
}

/**
 * The caller's study `id`: 404 when it is not a study of the caller's customer (another customer's
 * id is indistinguishable from a missing one), 403 when it exists but is outside the caller's scope.
 */
export async function studyInScope(db: D1Db, scope: Scope, id: number) {
  const rows = await db.select().from(studies).where(and(eq(studies.id, id), eq(studies.customerId, scope.customerId))).limit(1);
  return assertStudy(scope, rows, id);
}

/** studyInScope's checks on the rows of studyRowQuery (read in the same batch as the scope). */
export function assertStudy(scope: Scope, rows: readonly (typeof studies.$inferSelect)[], id: number) {
  const study = rows[0];
  if (!study) throw notFound("study_not_found", `There is no study ${id} in your account.`);
  if (!canSeeStudy(scope, study.id)) throw forbidden("study_forbidden", `Study ${id} is not assigned to you.`);
  return study;
}

/** As studyInScope, for a site (site-role callers: only their sites). */
export async function siteInScope(db: D1Db, scope: Scope, id: number) {
  const rows = await db.select().from(sites).where(and(eq(sites.id, id), eq(sites.customerId, scope.customerId))).limit(1);
  const site = rows[0];
  if (!site) throw notFound("site_not_found", `There is no site ${id} in your account.`);
  if (!canSeeSite(scope, site)) throw forbidden("site_forbidden", `Site ${id} is not assigned to you.`);
  return site;
}

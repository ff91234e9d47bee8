import { and, eq } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { sites, studies } from "../db/schema/foundation";
import { forbidden, notFound } from "../lib/problem";
import { canSeeSite, canSeeStudy, type Scope } from "./policy";

/** Throws 403 unless the caller's role is one of `roles`. */
export function requireRole(scope: Scope, roles: number[], what: string): void {
  if (!roles.includes(scope.roleId)) throw forbidden("role_forbidden", `Your role may not ${what}.`);
}

/** The study of `id` in the caller's customer, for studyInScope or for a write's read batch. */
export const studyRowQuery = (db: D1Db, customerId: number, id: number) =>
  db
    .select()
    .from(studies)
    .where(and(eq(studies.id, id), eq(studies.customerId, customerId)))
    .limit(1);
/** The site of `id` in the caller's customer, for siteInScope or for a write's read batch. */
export const siteRowQuery = (db: D1Db, customerId: number, id: number) =>
  db
    .select()
    .from(sites)
    .where(and(eq(sites.id, id), eq(sites.customerId, customerId)))
    .limit(1);

/**
 * The caller's study `id`: 404 when it is not a study of the caller's customer (another customer's
 * id is indistinguishable from a missing one), 403 when it exists but is outside the caller's scope.
 */
export async function studyInScope(db: D1Db, scope: Scope, id: number) {
  return studyChecked(scope, id, (await studyRowQuery(db, scope.customerId, id))[0]);
}

/** studyInScope's verdict on a row already read (studyRowQuery). */
export function studyChecked<S extends { id: number }>(scope: Scope, id: number, study: S | undefined): S {
  if (!study) throw notFound("study_not_found", `There is no study ${id} in your account.`);
  if (!canSeeStudy(scope, study.id)) throw forbidden("study_forbidden", `Study ${id} is not assigned to you.`);
  return study;
}

/** As studyInScope, for a site (site-role callers: only their sites). */
export async function siteInScope(db: D1Db, scope: Scope, id: number) {
  return siteChecked(scope, id, (await siteRowQuery(db, scope.customerId, id))[0]);
}

/** siteInScope's verdict on a row already read (siteRowQuery). */
export function siteChecked<S extends { id: number; studyId: number }>(scope: Scope, id: number, site: S | undefined): S {
  if (!site) throw notFound("site_not_found", `There is no site ${id} in your account.`);
  if (!canSeeSite(scope, site)) throw forbidden("site_forbidden", `Site ${id} is not assigned to you.`);
  return site;
}

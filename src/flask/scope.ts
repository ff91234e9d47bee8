import { and, eq, sql } from "drizzle-orm";
import { ROLE, type Caller } from "../auth/caller";
import type { D1Db } from "../db/d1";
import { siteUsers, sites, studies, studyUsers, users } from "../db/schema/foundation";
import { subjects } from "../db/schema/flask";
import { conflict, forbidden, notFound } from "../lib/problem";

/**
 * What a Flask caller may see (flaskdata-api.md §3.5), answered from D1 for every /flask and
 * /data-server route: customer admins and API users (role 2) the whole customer; study role (3) its
 * assigned studies (all their sites); site role (4) its assigned sites (and their studies); subject
 * role (5) only its own subject (users.study_subject_label) and its CRF data.
 */
export interface Scope {
  customerId: number;
  roleId: number;
  userId: number;
  /** null = every study of the customer. */
  studyIds: number[] | null;
  /** null = every site of the visible studies. */
  siteIds: number[] | null;
  /** Set for the subject role: the caller's own Flask subject, if one exists. */
  subject: { id: number; studyId: number; siteId: number | null; label: string } | null;
}

export async function scopeOf(db: D1Db, caller: Caller): Promise<Scope> {
  const base = { customerId: caller.customerId, roleId: caller.roleId, userId: caller.userId, subject: null };
  if (caller.roleId === ROLE.CUSTOMER_ADMIN) return { ...base, studyIds: null, siteIds: null };
  if (caller.roleId === ROLE.STUDY) {
    const rows = await db
      .select({ id: studyUsers.studyId })
      .from(studyUsers)
      .innerJoin(studies, eq(studies.id, studyUsers.studyId))
      .where(and(eq(studyUsers.userId, caller.userId), eq(studies.customerId, caller.customerId)));
    return { ...base, studyIds: rows.map((r) => r.id), siteIds: null };
  }
  if (caller.roleId === ROLE.SITE) {
    const rows = await db
      .select({ siteId: sites.id, studyId: sites.studyId })
      .from(siteUsers)
      .innerJoin(sites, eq(sites.id, siteUsers.siteId))
      .where(and(eq(siteUsers.userId, caller.userId), eq(sites.customerId, caller.customerId)));
    return { ...base, studyIds: [...new Set(rows.map((r) => r.studyId))], siteIds: rows.map((r) => r.siteId) };
  }
  // Subject role: its own subject only.
  const me = await db.select({ label: users.studySubjectLabel }).from(users).where(eq(users.id, caller.userId)).limit(1);
  const label = me[0]?.label;
  if (!label) return { ...base, studyIds: [], siteIds: [] };
  const assigned = await db.select({ id: studyUsers.studyId }).from(studyUsers).where(eq(studyUsers.userId, caller.userId));
  const conds = [eq(subjects.customerId, caller.customerId), eq(subjects.label, label)];
  if (assigned.length) conds.push(sql`${subjects.studyId} IN (SELECT value FROM json_each(${JSON.stringify(assigned.map((a) => a.id))}))`); // one parameter, any count
  const found = await db
    .select({ id: subjects.id, studyId: subjects.studyId, siteId: subjects.siteId, label: subjects.label })
    .from(subjects)
    .where(and(...conds))
    .orderBy(subjects.id)
    .limit(1);
  const subject = found[0] ?? null;
  return { ...base, studyIds: subject ? [subject.studyId] : [], siteIds: subject?.siteId ? [subject.siteId] : [], subject };
}

export const isWholeCustomer = (scope: Scope) => scope.roleId === ROLE.CUSTOMER_ADMIN;
export const isSubject = (scope: Scope) => scope.roleId === ROLE.SUBJECT;

export function canSeeStudy(scope: Scope, studyId: number): boolean {
  return scope.studyIds === null || scope.studyIds.includes(studyId);
}

export function canSeeSite(scope: Scope, site: { id: number; studyId: number }): boolean {
  if (!canSeeStudy(scope, site.studyId)) return false;
  return scope.siteIds === null || scope.siteIds.includes(site.id);
}

/** Throws 403 unless the caller's role is one of `roles`. */
export function requireRole(scope: Scope, roles: number[], what: string): void {
  if (!roles.includes(scope.roleId)) throw forbidden("role_forbidden", `Your role may not ${what}.`);
}

const studyMissing = (id: number) => notFound("study_not_found", `There is no study ${id} in your account.`);

/**
 * The caller's study `id`: 404 when it is not a study of the caller's customer (another customer's
 * id is indistinguishable from a missing one), 403 when it exists but is outside the caller's scope.
 */
export async function studyInScope(db: D1Db, scope: Scope, id: number) {
  const rows = await db.select().from(studies).where(and(eq(studies.id, id), eq(studies.customerId, scope.customerId))).limit(1);
  const study = rows[0];
  if (!study) throw studyMissing(id);
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

/** Closed studies (status_id 2) are read-only (flaskdata-api.md §5.14): 409. */
export function assertOpen(study: { id: number; statusId: number }) {
  if (study.statusId === 2) throw conflict("study_closed", `Study ${study.id} is closed and read-only.`);
}

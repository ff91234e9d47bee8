import { and, asc, eq, sql } from "drizzle-orm";
import { ROLE, type Caller } from "../auth/caller";
import type { D1Db } from "../db/d1";
import { siteUsers, sites, studies, studyUsers } from "../db/schema/foundation";
import { subjects } from "../db/schema/flask";

/**
 * What a caller may see, for every /flask, /data-server and /edc route (flaskdata-api.md §3.5):
 * first the tenant (the caller's customer), then the role: customer admins and API users (role 2)
 * the whole customer; study role (3) its assigned studies with all their sites; site role (4) its
 * assigned sites (and their studies); subject role (5) only its own subject
 * (users.study_subject_label) and its data. Any other role sees nothing.
 */
export interface Scope {
  customerId: number;
  roleId: number;
  userId: number;
  /** null = every study of the customer. */
  studyIds: number[] | null;
  /** null = every site of the visible studies. */
  siteIds: number[] | null;
  /** The sites the caller is limited to (site role: its sites; subject role: its subject's site); null = no site limit. */
  sites: ScopeSite[] | null;
  /** Set for the subject role: the caller's own Flask subject, if one exists. */
  subject: ScopeSubject | null;
}

export interface ScopeSite {
  id: number;
  studyId: number;
  /** sites.unique_identifier: also the EDC site's unique identifier. */
  code: string;
}

export interface ScopeSubject {
  id: number;
  studyId: number;
  siteId: number | null;
  label: string;
  /** unique_identifier of the subject's site (null when it has none). */
  siteCode: string | null;
}

export type StudyRow = typeof studies.$inferSelect;

export interface ResolvedScope {
  scope: Scope;
  /** With `dbname`: every study of the caller's customer that uses that EDC database (visible or not), by id. */
  edcStudies: StudyRow[];
}

type Query = Parameters<D1Db["batch"]>[0][number];

/**
 * The caller's scope, in one D1 round trip (none for customer admins without `dbname`): the role's
 * assignment query and, when `dbname` is given, the customer's studies of that EDC database go in
 * one `db.batch`.
 */
export async function resolveScope(db: D1Db, caller: Caller, dbname?: string): Promise<ResolvedScope> {
  const { customerId, userId, roleId } = caller;
  const queries: Query[] = [];
  const role = roleQuery(db, caller);
  if (role) queries.push(role);
  if (dbname !== undefined) {
    const ofDbname = and(eq(studies.customerId, customerId), eq(studies.dbname, dbname));
    queries.push(db.select().from(studies).where(ofDbname).orderBy(asc(studies.id)));
  }
  const results = queries.length ? ((await db.batch(queries as [Query, ...Query[]])) as unknown[][]) : [];
  const roleRows = role ? results[0]! : [];
  const edcStudies = (dbname !== undefined ? results.at(-1)! : []) as StudyRow[];
  const base = { customerId, roleId, userId };
  return { scope: { ...base, ...roleScope(roleId, roleRows) }, edcStudies };
}

/** The query of the caller's role assignments (null for roles that need none): resolveScope's and withScope's. */
export function roleQuery(db: D1Db, caller: Caller): Query | null {
  const { customerId, userId } = caller;
  switch (caller.roleId) {
    case ROLE.CUSTOMER_ADMIN:
      return null;
    case ROLE.STUDY:
      return db
        .select({ id: studyUsers.studyId })
        .from(studyUsers)
        .innerJoin(studies, eq(studies.id, studyUsers.studyId))
        .where(and(eq(studyUsers.userId, userId), eq(studies.customerId, customerId)));
    case ROLE.SITE:
      return db
        .select({ id: sites.id, studyId: sites.studyId, code: sites.uniqueIdentifier })
        .from(siteUsers)
        .innerJoin(sites, eq(sites.id, siteUsers.siteId))
        .where(and(eq(siteUsers.userId, userId), eq(sites.customerId, customerId)));
    case ROLE.SUBJECT:
      // The subject labelled users.study_subject_label, in a study assigned to the user when it has any.
      return db
        .select({
          id: subjects.id,
          studyId: subjects.studyId,
          siteId: subjects.siteId,
          label: subjects.label,
          siteCode: sites.uniqueIdentifier,
        })
        .from(subjects)
        .leftJoin(sites, eq(sites.id, subjects.siteId))
        .where(
          and(
            eq(subjects.customerId, customerId),
            sql`${subjects.label} = (SELECT study_subject_label FROM users WHERE id = ${userId} AND customer_id = ${customerId})`,
            sql`(NOT EXISTS (SELECT 1 FROM study_users WHERE user_id = ${userId})
                 OR ${subjects.studyId} IN (SELECT study_id FROM study_users WHERE user_id = ${userId}))`,
          ),
        )
        .orderBy(asc(subjects.id))
        .limit(1);
    default:
      return null;
  }
}

export type RoleScope = Pick<Scope, "studyIds" | "siteIds" | "sites" | "subject">;

export function roleScope(roleId: number, rows: unknown[]): RoleScope {
  switch (roleId) {
    case ROLE.CUSTOMER_ADMIN:
      return { studyIds: null, siteIds: null, sites: null, subject: null };
    case ROLE.STUDY:
      return { studyIds: (rows as { id: number }[]).map((r) => r.id), siteIds: null, sites: null, subject: null };
    case ROLE.SITE: {
      const assigned = rows as ScopeSite[];
      return { studyIds: [...new Set(assigned.map((s) => s.studyId))], siteIds: assigned.map((s) => s.id), sites: assigned, subject: null };
    }
    case ROLE.SUBJECT: {
      const subject = (rows as ScopeSubject[])[0] ?? null;
      if (!subject) return { studyIds: [], siteIds: [], sites: [], subject: null };
      const hasSite = subject.siteId !== null && subject.siteCode !== null;
      const site = hasSite ? [{ id: subject.siteId!, studyId: subject.studyId, code: subject.siteCode! }] : [];
      return { studyIds: [subject.studyId], siteIds: site.map((s) => s.id), sites: site, subject };
    }
    default:
      return { studyIds: [], siteIds: [], sites: [], subject: null };
  }
}

export function canSeeStudy(scope: Scope, studyId: number): boolean {
  return scope.studyIds === null || scope.studyIds.includes(studyId);
}

export function canSeeSite(scope: Scope, site: { id: number; studyId: number }): boolean {
  if (!canSeeStudy(scope, site.studyId)) return false;
  return scope.siteIds === null || scope.siteIds.includes(site.id);
}

/**
 * The site codes (`sites.unique_identifier`) the caller is limited to within `studyIds`: null when
 * no site limit applies (customer admins, API and study-role users), else the codes (maybe none).
 */
export function siteCodesIn(scope: Scope, studyIds: readonly number[]): string[] | null {
  if (scope.sites === null) return null;
  return [...new Set(scope.sites.filter((s) => studyIds.includes(s.studyId)).map((s) => s.code))];
}

/** resolveScope without an EDC database: the scope alone. */
export async function scopeOf(db: D1Db, caller: Caller): Promise<Scope> {
  return (await resolveScope(db, caller)).scope;
}

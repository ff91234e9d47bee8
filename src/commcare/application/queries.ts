import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccAppForms, ccApplications, ccAppModules, ccAppQuestions } from "../../db/schema/commcare";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";

/** Working copies (not builds, not remote) of a domain, by date_created (null first), then id. */
export function listWorkingApps(db: D1Db, domainId: number) {
  return db
    .select()
    .from(ccApplications)
    .where(and(eq(ccApplications.domainId, domainId), isNull(ccApplications.copyOf), eq(ccApplications.isRemote, 0)))
    .orderBy(sql`${ccApplications.dateCreated} is not null`, asc(ccApplications.dateCreated), asc(ccApplications.id));
}

export function findApp(db: D1Db, domainId: number, id: string) {
  return db
    .select()
    .from(ccApplications)
    .where(and(eq(ccApplications.domainId, domainId), eq(ccApplications.id, id)))
    .limit(1)
    .then((r) => r[0] ?? null);
}

const byPosition = <T extends { position: number }>(rows: T[]) => rows.sort((a, b) => a.position - b.position);

/** The ids of apps, as a subquery: the rows below are selected by it, so that all go in one round trip. */
type AppIds = SQLiteSelect;

/** Ids of a domain's working copies (those `listWorkingApps` lists). */
export const workingAppIds = (db: D1Db, domainId: number): AppIds =>
  db
    .select({ id: ccApplications.id })
    .from(ccApplications)
    .where(and(eq(ccApplications.domainId, domainId), isNull(ccApplications.copyOf), eq(ccApplications.isRemote, 0)))
    .$dynamic();

/** The id of app `id` of a domain if it is a working copy (none for a build). */
export const workingAppId = (db: D1Db, domainId: number, id: string): AppIds =>
  db
    .select({ id: ccApplications.id })
    .from(ccApplications)
    .where(and(eq(ccApplications.domainId, domainId), eq(ccApplications.id, id), isNull(ccApplications.copyOf)))
    .$dynamic();

/** The working copy app `id` of a domain is, or was built from. */
export const sourceAppId = (db: D1Db, domainId: number, id: string): AppIds =>
  db
    .select({ id: sql<string>`coalesce(${ccApplications.copyOf}, ${ccApplications.id})` })
    .from(ccApplications)
    .where(and(eq(ccApplications.domainId, domainId), eq(ccApplications.id, id)))
    .$dynamic();

/** Builds of the given working copies, by version. */
export async function buildsOf(db: D1Db, appIds: AppIds) {
  const rows = await db.select().from(ccApplications).where(inArray(ccApplications.copyOf, appIds)).orderBy(asc(ccApplications.version));
  return rows.sort((a, b) => a.version - b.version);
}

/** Modules, forms and questions of apps, as flat rows in position order: three reads sent at once. */
export async function structureOf(db: D1Db, appIds: AppIds) {
  const moduleIds = db.select({ id: ccAppModules.id }).from(ccAppModules).where(inArray(ccAppModules.appId, appIds));
  const formIds = db.select({ id: ccAppForms.id }).from(ccAppForms).where(inArray(ccAppForms.moduleId, moduleIds));
  const [modules, forms, questions] = await Promise.all([
    db.select().from(ccAppModules).where(inArray(ccAppModules.appId, appIds)),
    db.select().from(ccAppForms).where(inArray(ccAppForms.moduleId, moduleIds)),
    db.select().from(ccAppQuestions).where(inArray(ccAppQuestions.formId, formIds)),
  ]);
  return { modules: byPosition(modules), forms: byPosition(forms), questions: byPosition(questions) };
}

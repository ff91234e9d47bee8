import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccAppForms, ccApplications, ccAppModules, ccAppQuestions } from "../../db/schema/commcare";

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

export async function buildsOf(db: D1Db, appIds: string[]) {
  if (!appIds.length) return [];
  return db.select().from(ccApplications).where(inArray(ccApplications.copyOf, appIds.slice(0, 90))).orderBy(asc(ccApplications.version));
}

/** Modules, forms and questions of apps, as flat rows in position order. */
export async function structureOf(db: D1Db, appIds: string[]) {
  if (!appIds.length) return { modules: [], forms: [], questions: [] };
  const modules = await db.select().from(ccAppModules).where(inArray(ccAppModules.appId, appIds.slice(0, 90))).orderBy(asc(ccAppModules.position));
  const forms = modules.length
    ? await db.select().from(ccAppForms).where(inArray(ccAppForms.moduleId, modules.map((m) => m.id).slice(0, 90))).orderBy(asc(ccAppForms.position))
    : [];
  const questions = forms.length
    ? await db.select().from(ccAppQuestions).where(inArray(ccAppQuestions.formId, forms.map((f) => f.id).slice(0, 90))).orderBy(asc(ccAppQuestions.position))
    : [];
  return { modules, forms, questions };
}

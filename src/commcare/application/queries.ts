import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccAppForms, ccApplications, ccAppModules, ccAppQuestions } from "../../db/schema/commcare";
import { inChunks } from "../in-chunks";

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

/** Builds of the given working copies, by version (every one: the id lists go in chunks). */
export async function buildsOf(db: D1Db, appIds: string[]) {
  const rows = await inChunks(appIds, (ids) => db.select().from(ccApplications).where(inArray(ccApplications.copyOf, ids)).orderBy(asc(ccApplications.version)));
  return rows.sort((a, b) => a.version - b.version);
}

/** Modules, forms and questions of apps, as flat rows in position order (all of them, however many). */
export async function structureOf(db: D1Db, appIds: string[]) {
  const modules = byPosition(await inChunks(appIds, (ids) => db.select().from(ccAppModules).where(inArray(ccAppModules.appId, ids))));
  const forms = byPosition(await inChunks(modules.map((m) => m.id), (ids) => db.select().from(ccAppForms).where(inArray(ccAppForms.moduleId, ids))));
  const questions = byPosition(await inChunks(forms.map((f) => f.id), (ids) => db.select().from(ccAppQuestions).where(inArray(ccAppQuestions.formId, ids))));
  return { modules, forms, questions };
}

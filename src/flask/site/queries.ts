import { and, eq, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { sites, studies } from "../../db/schema/foundation";

export type SiteRow = typeof sites.$inferSelect;

/**
 * The id of the study a create-update names, as SQL for the read batch: the study of site `siteId`
 * (of the caller's customer) when there is one, else `studyId` (NULL when neither).
 */
export const studyIdSql = (customerId: number, siteId: number | undefined, studyId: number | undefined): SQL =>
  siteId === undefined
    ? sql`${studyId ?? null}`
    : sql`coalesce((SELECT ${sites.studyId} FROM ${sites} WHERE ${sites.id} = ${siteId} AND ${sites.customerId} = ${customerId}), ${studyId ?? null})`;

export const studyOfQuery = (db: D1Db, customerId: number, studyId: SQL) =>
  db
    .select()
    .from(studies)
    .where(and(eq(studies.customerId, customerId), sql`${studies.id} = ${studyId}`))
    .limit(1);

/** The site of that study with this unique identifier. */
export const siteByKeyQuery = (db: D1Db, customerId: number, studyId: SQL, code: string) =>
  db
    .select()
    .from(sites)
    .where(and(eq(sites.customerId, customerId), sql`${sites.studyId} = ${studyId}`, eq(sites.uniqueIdentifier, code)))
    .limit(1);

export const nextSiteIdQuery = (db: D1Db) => db.select({ next: sql<number>`coalesce(max(${sites.id}), 0) + 1` }).from(sites);
export const nextSiteId = (db: D1Db) => nextSiteIdQuery(db).then((r) => r[0]!.next);

export const insertSite = (db: D1Db, row: typeof sites.$inferInsert) => db.insert(sites).values(row).returning();
/** Update guarded by its study being open (`status_id <> 2`), so a site of a study closed meanwhile is never changed. */
export const updateSite = (db: D1Db, id: number, studyId: number, set: Partial<typeof sites.$inferInsert>) =>
  db
    .update(sites)
    .set(set)
    .where(and(eq(sites.id, id), sql`(SELECT ${studies.statusId} FROM ${studies} WHERE ${studies.id} = ${studyId}) <> 2`))
    .returning();

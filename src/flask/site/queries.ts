import { and, eq, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { sites } from "../../db/schema/foundation";

export const siteByKey = (db: D1Db, studyId: number, code: string) =>
  db
    .select()
    .from(sites)
    .where(and(eq(sites.studyId, studyId), eq(sites.uniqueIdentifier, code)))
    .then((r) => r[0] ?? null);
export const siteById = (db: D1Db, customerId: number, id: number) =>
  db
    .select()
    .from(sites)
    .where(and(eq(sites.id, id), eq(sites.customerId, customerId)))
    .then((r) => r[0] ?? null);
export const nextSiteId = (db: D1Db) =>
  db
    .select({ next: sql<number>`coalesce(max(${sites.id}), 0) + 1` })
    .from(sites)
    .then((r) => r[0]!.next);
export const insertSite = (db: D1Db, row: typeof sites.$inferInsert) => db.insert(sites).values(row);
export const updateSite = (db: D1Db, id: number, set: Partial<typeof sites.$inferInsert>) =>
  db.update(sites).set(set).where(eq(sites.id, id));

import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { exportJobs, exportNotifications } from "../../db/schema/exports";

export type JobRow = typeof exportJobs.$inferSelect;

/** A job of this caller (customer and user), or undefined: another's job is as unknown as a missing one. */
export const ownJob = (db: D1Db, id: string, customerId: number, userId: number) =>
  db
    .select()
    .from(exportJobs)
    .where(and(eq(exportJobs.id, id), eq(exportJobs.customerId, customerId), eq(exportJobs.userId, userId)))
    .get();

export const jobById = (db: D1Db, id: string) => db.select().from(exportJobs).where(eq(exportJobs.id, id)).get();

/** One page of the caller's jobs, newest first; `after` is the last row of the previous page. */
export function ownJobs(
  db: D1Db,
  customerId: number,
  userId: number,
  dbname: string | null,
  limit: number,
  after: { created: string; id: string } | null,
) {
  const owner = and(
    eq(exportJobs.customerId, customerId),
    eq(exportJobs.userId, userId),
    dbname === null ? undefined : eq(exportJobs.dbname, dbname),
  );
  const page = after
    ? or(lt(exportJobs.createdAt, after.created), and(eq(exportJobs.createdAt, after.created), lt(exportJobs.id, after.id)))
    : undefined;
  return db
    .select()
    .from(exportJobs)
    .where(page ? and(owner, page) : owner)
    .orderBy(desc(exportJobs.createdAt), desc(exportJobs.id))
    .limit(limit);
}

export const insertJob = (db: D1Db, row: typeof exportJobs.$inferInsert) => db.insert(exportJobs).values(row);

/** queued/running → cancelled; a finished job is left as it is. */
export const cancelStatement = (db: D1Db, id: string, now: string) =>
  db
    .update(exportJobs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(exportJobs.id, id), inArray(exportJobs.status, ["queued", "running"])));

export const updateJob = (db: D1Db, id: string, set: Partial<typeof exportJobs.$inferInsert>, onlyIf: string[] = ["queued", "running"]) =>
  db
    .update(exportJobs)
    .set(set)
    .where(and(eq(exportJobs.id, id), inArray(exportJobs.status, onlyIf)));

export const sentNotifications = (db: D1Db, jobId: string) =>
  db.select().from(exportNotifications).where(eq(exportNotifications.jobId, jobId));

export const insertNotification = (db: D1Db, row: typeof exportNotifications.$inferInsert) =>
  db.insert(exportNotifications).values(row).onConflictDoNothing();

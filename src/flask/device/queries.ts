import { and, asc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { deviceLogs, subjects } from "../../db/schema/flask";

export interface LogQuery {
  studyId: number;
  deviceId?: string;
  from?: string;
  to?: string;
  /** Site-role callers: only logs of subjects of these sites (ids, or a subquery of them: siteIdsSql). */
  siteIds: number[] | SQL | null;
  after: { logDate: string; id: number } | null;
  limit: number;
}

/**
 * One page in (log_date, id) order, on index device_logs_study_date (study_id, log_date, id), or
 * device_logs_study_device_date (study_id, device_id, log_date, id) with a deviceId.
 *
 * The cursor is the row value `(log_date, id) > (?, ?)`: SQLite seeks the index to it (the plan reads
 * `study_id=? AND log_date>?`), so a page deep in the table reads about `limit` rows, where the
 * equivalent `log_date > ? OR (log_date = ? AND id > ?)` would read every row before the cursor. The
 * lower bound is the later of fromDate and the cursor, so the planner has one lower bound to seek by.
 */
export function logsPage(db: D1Db, q: LogQuery) {
  const conds: SQL[] = [eq(deviceLogs.studyId, q.studyId)];
  if (q.deviceId !== undefined) conds.push(eq(deviceLogs.deviceId, q.deviceId));
  if (q.after && (!q.from || q.after.logDate >= q.from))
    conds.push(sql`(${deviceLogs.logDate}, ${deviceLogs.id}) > (${q.after.logDate}, ${q.after.id})`);
  else if (q.from) conds.push(gte(deviceLogs.logDate, q.from));
  if (q.to) conds.push(lte(deviceLogs.logDate, q.to));
  if (q.siteIds !== null) {
    const siteIds = Array.isArray(q.siteIds) ? sql`(SELECT value FROM json_each(${JSON.stringify(q.siteIds)}))` : q.siteIds;
    conds.push(
      sql`${deviceLogs.subjectLabel} IN (SELECT ${subjects.label} FROM ${subjects} WHERE ${subjects.studyId} = ${q.studyId} AND ${subjects.siteId} IN ${siteIds})`,
    );
  }
  return db
    .select()
    .from(deviceLogs)
    .where(and(...conds))
    .orderBy(asc(deviceLogs.logDate), asc(deviceLogs.id))
    .limit(q.limit);
}

/**
 * A new device-log id: random 48-bit, not max(id)+1. Devices insert logs concurrently from every
 * customer, and max+1 ids collide under concurrent inserts, each collision costing a retry.
 * Reads order by (log_date, id), so ids need only be unique; a rare collision is retried by auditedBatch.
 */
export const nextLogId = () => {
  const [hi, lo] = crypto.getRandomValues(new Uint32Array(2)) as unknown as [number, number];
  return (hi & 0xffff) * 2 ** 32 + lo + 1;
};

export const insertLogRow = (db: D1Db, row: typeof deviceLogs.$inferInsert) => db.insert(deviceLogs).values(row);

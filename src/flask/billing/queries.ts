import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { billingReports } from "../../db/schema/flask";
import { customers, studies } from "../../db/schema/foundation";
import type { StudyUsage } from "./report";

export const listCustomers = (db: D1Db) =>
  db.select({ id: customers.id, features: customers.features }).from(customers).orderBy(asc(customers.id));

export function customerFeatures(db: D1Db, customerId: number) {
  return db
    .select({ features: customers.features })
    .from(customers)
    .where(eq(customers.id, customerId))
    .then((r) => r[0]?.features ?? "{}");
}

/**
 * Per-study usage of the month [start, end), counted as the month left things, so that re-running a
 * past month gives the same figures: one statement, scalar sub-queries on indexed columns.
 *
 * - studies, sites, study assignments (users) and subjects: the rows created before the month's end.
 *   Status history is not recorded (only the current status and the time of the last change,
 *   date_updated), so a site or subject counts as active at the month's end when it is active now,
 *   or when it is no longer active but its last change came at or after the end (it was still
 *   active then, as far as the schema can tell).
 * - users: the study's assignments created before the end. F7 keeps the date_created of assignments
 *   it keeps; an assignment removed since is gone from study_users (its history is in the audit
 *   trail only) and no longer counted.
 * - device logs (by log_date) and CRF documents (by date_created): those of the month.
 */
export async function studyUsage(db: D1Db, customerId: number, start: string, end: string): Promise<StudyUsage[]> {
  const rows = await db
    .select({
      studyId: studies.id,
      protocol: studies.uniqueProtocolid,
      title: studies.briefTitle,
      activeSubjects: sql<number>`(SELECT count(*) FROM subjects s WHERE s.study_id = "studies"."id" AND s.date_created < ${end} AND (s.status = 'active' OR s.date_updated >= ${end}))`,
      sites: sql<number>`(SELECT count(*) FROM sites t WHERE t.study_id = "studies"."id" AND t.date_created < ${end} AND (t.status = 'active' OR t.date_updated >= ${end}))`,
      users: sql<number>`(SELECT count(*) FROM study_users u WHERE u.study_id = "studies"."id" AND u.date_created < ${end})`,
      deviceLogs: sql<number>`(SELECT count(*) FROM device_logs d WHERE d.study_id = "studies"."id" AND d.log_date >= ${start} AND d.log_date < ${end})`,
      crfDocuments: sql<number>`(SELECT count(*) FROM forms_crf_data f WHERE f.study_id = "studies"."id" AND f.date_created >= ${start} AND f.date_created < ${end})`,
    })
    .from(studies)
    .where(and(eq(studies.customerId, customerId), lt(studies.dateCreated, end)))
    .orderBy(asc(studies.id));
  return rows;
}

export function monthReports(db: D1Db, customerId: number, month: string, reportType = "customer_admin") {
  return db
    .select()
    .from(billingReports)
    .where(
      and(eq(billingReports.customerId, customerId), eq(billingReports.billingMonth, month), eq(billingReports.reportType, reportType)),
    )
    .orderBy(asc(billingReports.fileName));
}

export const nextBillingId = (db: D1Db) =>
  db
    .select({ next: sql<number>`coalesce(max(${billingReports.id}), 0) + 1` })
    .from(billingReports)
    .then((r) => r[0]!.next);

export const deleteMonth = (db: D1Db, customerId: number, month: string) =>
  db.delete(billingReports).where(and(eq(billingReports.customerId, customerId), eq(billingReports.billingMonth, month)));

export const insertReports = (db: D1Db, rows: (typeof billingReports.$inferInsert)[]) => db.insert(billingReports).values(rows);

import { and, asc, eq, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { billingReports } from "../../db/schema/flask";
import { customers, studies } from "../../db/schema/foundation";
import type { StudyUsage } from "./report";

export const listCustomers = (db: D1Db) => db.select({ id: customers.id, features: customers.features }).from(customers).orderBy(asc(customers.id));

export function customerFeatures(db: D1Db, customerId: number) {
  return db.select({ features: customers.features }).from(customers).where(eq(customers.id, customerId)).then((r) => r[0]?.features ?? "{}");
}

/** Per-study usage of [start, end): one statement, scalar sub-queries on indexed columns. */
export async function studyUsage(db: D1Db, customerId: number, start: string, end: string): Promise<StudyUsage[]> {
  const rows = await db
    .select({
      studyId: studies.id,
      protocol: studies.uniqueProtocolid,
      title: studies.briefTitle,
      activeSubjects: sql<number>`(SELECT count(*) FROM subjects s WHERE s.study_id = "studies"."id" AND s.status = 'active' AND s.date_created < ${end})`,
      sites: sql<number>`(SELECT count(*) FROM sites t WHERE t.study_id = "studies"."id" AND t.status = 'active')`,
      users: sql<number>`(SELECT count(*) FROM study_users u WHERE u.study_id = "studies"."id")`,
      deviceLogs: sql<number>`(SELECT count(*) FROM device_logs d WHERE d.study_id = "studies"."id" AND d.log_date >= ${start} AND d.log_date < ${end})`,
      crfDocuments: sql<number>`(SELECT count(*) FROM forms_crf_data f WHERE f.study_id = "studies"."id" AND f.date_created >= ${start} AND f.date_created < ${end})`,
    })
    .from(studies)
    .where(eq(studies.customerId, customerId))
    .orderBy(asc(studies.id));
  return rows;
}

export function monthReports(db: D1Db, customerId: number, month: string, reportType = "customer_admin") {
  return db
    .select()
    .from(billingReports)
    .where(and(eq(billingReports.customerId, customerId), eq(billingReports.billingMonth, month), eq(billingReports.reportType, reportType)))
    .orderBy(asc(billingReports.fileName));
}

export const nextBillingId = (db: D1Db) =>
  db.select({ next: sql<number>`coalesce(max(${billingReports.id}), 0) + 1` }).from(billingReports).then((r) => r[0]!.next);

export const deleteMonth = (db: D1Db, customerId: number, month: string) =>
  db.delete(billingReports).where(and(eq(billingReports.customerId, customerId), eq(billingReports.billingMonth, month)));

export const insertReports = (db: D1Db, rows: (typeof billingReports.$inferInsert)[]) => db.insert(billingReports).values(rows);

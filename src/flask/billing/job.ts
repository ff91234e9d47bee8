import { d1, type D1Db } from "../../db/d1";
import type { Env } from "../../env";
import { auditedBatch } from "../../lib/audit";
import { billingEnabled, billingKey, monthRange } from "./month";
import { deleteMonth, insertReports, listCustomers, monthReports, nextBillingId, studyUsage } from "./queries";
import { billingFiles, type ReportFile } from "./report";

export interface BillingRunReport {
  month: string;
  customers: { customerId: number; files: string[] }[];
}

const ROWS_PER_INSERT = 10; // 9 columns per row: stays under D1's 100 bound parameters

/**
 * Writes the month's billing report files of every customer with the feature on to R2
 * (`billing/<customer>/<YYYY-MM>/<file>`) and lists them in billing_reports. Re-running a month
 * overwrites the same keys and replaces the month's rows in one audited batch: nothing duplicated.
 */
export async function runBillingJob(env: Pick<Env, "DB" | "FILES">, month: string): Promise<BillingRunReport> {
  const db = d1(env.DB);
  const report: BillingRunReport = { month, customers: [] };
  for (const customer of await listCustomers(db)) {
    if (!billingEnabled(customer.features)) continue;
    const files = await generateCustomerMonth(env, db, customer.id, month);
    report.customers.push({ customerId: customer.id, files });
  }
  return report;
}

async function generateCustomerMonth(env: Pick<Env, "FILES">, db: D1Db, customerId: number, month: string): Promise<string[]> {
  const { start, end } = monthRange(month);
  const files = billingFiles(month, await studyUsage(db, customerId, start, end));
  const encoder = new TextEncoder();
  const written: (ReportFile & { key: string; size: number })[] = [];
  for (const f of files) {
    const key = billingKey(customerId, month, f.fileName);
    const bytes = encoder.encode(f.content);
    await env.FILES.put(key, bytes, { httpMetadata: { contentType: "text/csv; charset=utf-8" } });
    written.push({ ...f, key, size: bytes.length });
  }
  const previous = await monthReports(db, customerId, month);
  const now = new Date().toISOString();
  const ctx = {
    tenant: `customer:${customerId}`,
    customerId,
    actor: "system:billing",
    requestId: null,
    reason: `billing reports ${month}`,
  };
  await auditedBatch(db, ctx, async () => {
    const first = await nextBillingId(db);
    const rows = written.map((f, i) => ({
      id: first + i,
      customerId,
      studyId: f.studyId,
      billingMonth: month,
      reportType: "customer_admin",
      fileName: f.fileName,
      r2Key: f.key,
      size: f.size,
      dateCreated: now,
    }));
    const inserts = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) inserts.push(insertReports(db, rows.slice(i, i + ROWS_PER_INSERT)));
    return {
      statements: [deleteMonth(db, customerId, month), ...inserts],
      entries: [
        {
          action: "billing.generate",
          entity: "billing_month",
          entityId: month,
          before: previous.length ? { files: previous.map((p) => p.fileName) } : null,
          after: { files: rows.map((r) => ({ id: r.id, file_name: r.fileName, size: r.size })) },
        },
      ],
    };
  });
  // Files of an earlier run that this run no longer writes (e.g. a study removed since).
  const keep = new Set(written.map((f) => f.key));
  const stale = previous.map((p) => p.r2Key).filter((k) => !keep.has(k));
  if (stale.length) await env.FILES.delete(stale);
  return written.map((f) => f.fileName);
}

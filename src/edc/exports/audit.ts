import { customerTenant } from "../../auth/caller";
import type { AuditContext } from "../../lib/audit";
import type { JobRow } from "./queries";

/** Audit context of what an export job's Workflow writes on its owner's behalf (no request). */
export const jobAuditContext = (job: Pick<JobRow, "id" | "customerId">): AuditContext => ({
  tenant: customerTenant(job.customerId),
  customerId: job.customerId,
  actor: `export-job:${job.id}`,
  requestId: null,
  reason: null,
});

/** What the audit trail keeps of a job: never its plan (SQL) or the notified addresses' mail bodies. */
export const jobSummary = (job: Pick<JobRow, "id" | "kind" | "dbname" | "status" | "rows" | "bytes" | "parts" | "error">) => ({
  id: job.id,
  kind: job.kind,
  dbname: job.dbname,
  status: job.status,
  rows: job.rows,
  bytes: job.bytes,
  parts: job.parts,
  error: job.error,
});

import { desc, eq } from "drizzle-orm";
import { HTTPException } from "hono/http-exception";
import type { D1BatchItem, D1Db } from "../../db/d1";
import { auditTrail } from "../../db/schema/foundation";
import { chainRows, type AuditContext, type AuditEntry } from "./chain";

export type { AuditContext, AuditEntry, ChainHead } from "./chain";
import { withTenantLock } from "./tenant-lock";

export interface AuditedWrite {
  statements: D1BatchItem[];
  entries: AuditEntry[];
}

// Many writers on one tenant's chain (64 concurrent inserts in the load test) serialise through
// these retries; full-jitter exponential backoff keeps them from colliding in lock-step.
const MAX_ATTEMPTS = 40;
const backoffMs = (attempt: number) => Math.random() * Math.min(250, 4 * 2 ** attempt);

function isRetryableConflict(err: unknown): boolean {
  const text = String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err);
  return /UNIQUE constraint failed: (audit_trail\.tenant|.*\.id\b)/.test(text);
}

async function auditRows(db: D1Db, ctx: AuditContext, entries: AuditEntry[]) {
  const head = await db
    .select({ seq: auditTrail.seq, hash: auditTrail.hash })
    .from(auditTrail)
    .where(eq(auditTrail.tenant, ctx.tenant))
    .orderBy(desc(auditTrail.seq))
    .limit(1);
  return chainRows(head[0], ctx, entries);
}

/**
 * The one way any D1 write is made: the write's statements and its audit rows go in one D1 batch
 * (one SQL transaction), so a change is never stored without its audit row, nor the reverse.
 *
 * Concurrency is optimistic: `UNIQUE(tenant, seq)` lets only one writer extend a tenant's chain at a
 * time; a loser's whole batch rolls back and `plan` is called again (it may re-read state and
 * re-allocate ids). Returns the results of the write's own statements.
 */
export function auditedBatch(db: D1Db, ctx: AuditContext, plan: () => Promise<AuditedWrite> | AuditedWrite): Promise<unknown[]> {
  return withTenantLock(ctx.tenant, () => writeWithRetry(db, ctx, plan));
}

async function writeWithRetry(db: D1Db, ctx: AuditContext, plan: () => Promise<AuditedWrite> | AuditedWrite): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    const { statements, entries } = await plan();
    const rows = await auditRows(db, ctx, entries);
    const inserts = rows.map((r) => db.insert(auditTrail).values(r));
    const all = [...statements, ...inserts] as [D1BatchItem, ...D1BatchItem[]];
    if (all.length === 0) return [];
    try {
      const results = await db.batch(all);
      return results.slice(0, statements.length);
    } catch (err) {
      if (!isRetryableConflict(err)) throw err;
      // Still losing the race after MAX_ATTEMPTS: the tenant is writing faster than its chain can
      // take; 503 with Retry-After (src/errors.ts), and nothing of this write was stored.
      if (attempt >= MAX_ATTEMPTS) throw new HTTPException(503, { message: "Too many concurrent writes for this account. Retry shortly." });
      await new Promise((r) => setTimeout(r, backoffMs(attempt)));
    }
  }
}

/** Appends audit rows alone: for writes made elsewhere (the EDC PostgreSQL) before they commit. */
export function appendAudit(db: D1Db, ctx: AuditContext, entries: AuditEntry[]): Promise<unknown[]> {
  return auditedBatch(db, ctx, () => ({ statements: [], entries }));
}

import { sql } from "drizzle-orm";
import { HTTPException } from "hono/http-exception";
import type { D1BatchItem, D1Db } from "../../db/d1";
import { auditTrail } from "../../db/schema/foundation";
import { unsealedRows, type AuditContext, type AuditEntry } from "./chain";

export type { AuditContext, AuditEntry, ChainHead } from "./chain";

export interface AuditedWrite {
  statements: D1BatchItem[];
  entries: AuditEntry[];
  /**
   * The audit rows are stored only if the write's last statement changed a row: for a compare-and-set
   * UPDATE whose guard may no longer hold when it runs (its caller reads RETURNING and plans again).
   */
  auditIfChanged?: boolean;
}

/** Plans that allocate ids as max(id)+1 collide when two writers insert into one table at once; the loser plans again. */
const MAX_ATTEMPTS = 8;
const backoffMs = (attempt: number) => Math.random() * Math.min(100, 4 * 2 ** attempt);

function isIdConflict(err: unknown): boolean {
  const text = String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err);
  return /UNIQUE constraint failed: \w+\.id\b/.test(text);
}

/**
 * The one way any D1 write is made: the write's statements and its audit rows go in one D1 batch
 * (one SQL transaction), so a change is never stored without its audit row, nor the reverse.
 *
 * The audit rows go in unsealed (no seq or hash): nothing of the chain is read first, so a write is one
 * round trip to D1, and concurrent writers of one tenant neither wait for each other nor collide. The
 * tenant's sealer chains them moments later (seal.ts; `ctx.afterWrite` wakes it). A failing statement
 * rolls back its own batch only. A batch that lost a race for a max(id)+1 id rolls back
 * whole and `plan` is called again. Returns the results of the write's own statements.
 */
export async function auditedBatch(db: D1Db, ctx: AuditContext, plan: () => Promise<AuditedWrite> | AuditedWrite): Promise<unknown[]> {
  for (let attempt = 1; ; attempt++) {
    const { statements, entries, auditIfChanged } = await plan();
    const rows = unsealedRows(ctx, entries);
    // One INSERT per row: D1 binds at most 100 parameters per statement.
    const all = [...statements, ...rows.map((r) => (auditIfChanged ? insertIfChanged(db, r) : db.insert(auditTrail).values(r)))];
    if (all.length === 0) return [];
    try {
      const results = await db.batch(all as [D1BatchItem, ...D1BatchItem[]]);
      if (rows.length) ctx.afterWrite?.();
      return results.slice(0, statements.length);
    } catch (err) {
      if (!isIdConflict(err)) throw err;
      // Nothing of this write was stored; 503 with Retry-After (src/errors.ts) if it keeps losing.
      if (attempt >= MAX_ATTEMPTS) throw new HTTPException(503, { message: "Too many concurrent writes for this account. Retry shortly." });
      await new Promise((r) => setTimeout(r, backoffMs(attempt)));
    }
  }
}

/**
 * An audit row inserted only if the statement before it changed a row (`changes()`; for the rows after
 * the first, that statement is the previous audit row). The SELECT lists every column of the table, in
 * its order, as drizzle's INSERT ... SELECT names them all: id, seq and the hashes stay NULL.
 */
function insertIfChanged(db: D1Db, r: ReturnType<typeof unsealedRows>[number]) {
  return db.insert(auditTrail).select(sql`
    SELECT NULL, ${r.tenant}, ${r.customerId}, NULL, ${r.dateCreated}, ${r.actor}, ${r.action}, ${r.entity}, ${r.entityId},
           ${r.beforeJson}, ${r.afterJson}, ${r.requestId}, ${r.reason}, NULL, NULL
    WHERE changes() > 0`);
}

/** Appends audit rows alone: for writes made elsewhere (the EDC PostgreSQL) before they commit. */
export function appendAudit(db: D1Db, ctx: AuditContext, entries: AuditEntry[]): Promise<unknown[]> {
  return auditedBatch(db, ctx, () => ({ statements: [], entries }));
}

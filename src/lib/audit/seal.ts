import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import type { Env } from "../../env";
import { auditTrail } from "../../db/schema/foundation";
import { sealRows, type ChainHead } from "./chain";

/** Rows chained per round: one read and one UPDATE each, whatever the page holds. */
const PAGE = 500;
const MAX_CONFLICTS = 5;

const isSeqConflict = (err: unknown) =>
  /UNIQUE constraint failed: audit_trail\.tenant/.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err));

/**
 * Chains a tenant's unsealed audit rows, in write (id) order, onto the last sealed one: computes each
 * row's seq, prev_hash and hash and writes them with one UPDATE per page. Returns how many it sealed.
 *
 * Meant to run in the tenant's sealer (sealer.ts), one at a time; it stays correct when two run at once
 * (the cron, an admin script): a page's head and rows are read in one transaction, the hashes follow
 * from them alone, and the UPDATE touches only rows still unsealed, so two sealers that read the same
 * head write the same values; a sealer whose head went stale hits UNIQUE(tenant, seq), changes nothing,
 * and reads again.
 */
export async function sealAuditChain(db: D1Db, tenant: string): Promise<number> {
  let sealed = 0;
  for (let conflicts = 0; ; ) {
    const [headRows, pending] = await db.batch([
      db
        .select({ seq: auditTrail.seq, hash: auditTrail.hash })
        .from(auditTrail)
        .where(and(eq(auditTrail.tenant, tenant), isNotNull(auditTrail.seq)))
        .orderBy(desc(auditTrail.seq))
        .limit(1),
      db
        .select()
        .from(auditTrail)
        .where(and(eq(auditTrail.tenant, tenant), isNull(auditTrail.seq)))
        .orderBy(asc(auditTrail.id))
        .limit(PAGE),
    ]);
    if (pending.length === 0) return sealed;
    const chained = await sealRows(headRows[0] as ChainHead | undefined, pending);
    const values = JSON.stringify(chained.map((r) => [r.id, r.seq, r.prevHash, r.hash]));
    try {
      await db.run(sql`
        UPDATE audit_trail SET seq = j.seq, prev_hash = j.prev_hash, hash = j.hash
        FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS seq,
                     json_extract(value, '$[2]') AS prev_hash, json_extract(value, '$[3]') AS hash
              FROM json_each(${values})) AS j
        WHERE audit_trail.id = j.id AND audit_trail.seq IS NULL`);
    } catch (err) {
      if (!isSeqConflict(err) || ++conflicts > MAX_CONFLICTS) throw err;
      continue;
    }
    sealed += chained.length;
    if (pending.length < PAGE) return sealed;
  }
}

/** The tenants that have unsealed audit rows (on the partial index audit_trail_unsealed). */
export async function tenantsWithUnsealedRows(db: D1Db): Promise<string[]> {
  const rows = await db.selectDistinct({ tenant: auditTrail.tenant }).from(auditTrail).where(isNull(auditTrail.seq));
  return rows.map((r) => r.tenant);
}

/** Asks the tenant's sealer (sealer.ts) to seal now; resolves with how many rows its round sealed. */
export function sealThroughSealer(env: Pick<Env, "AUDIT_SEALER">, tenant: string): Promise<number> {
  return env.AUDIT_SEALER.get(env.AUDIT_SEALER.idFromName(tenant)).seal(tenant);
}

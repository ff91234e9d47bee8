import { and, asc, eq, gt } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { auditTrail } from "../../db/schema/foundation";
import { GENESIS_HASH, rowHash } from "./chain";

export interface ChainReport {
  tenant: string;
  ok: boolean;
  rows_checked: number;
  first_broken?: { id: number; seq: number; reason: "hash_mismatch" | "broken_link" | "missing_seq" };
}

const PAGE = 500;

/**
 * Recomputes a tenant's chain from its first row, one keyset page at a time, and names the first
 * row whose stored hash, link to its predecessor, or sequence number does not hold.
 */
export async function verifyAuditChain(db: D1Db, tenant: string): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditTrail)
      .where(and(eq(auditTrail.tenant, tenant), gt(auditTrail.seq, expectedSeq - 1)))
      .orderBy(asc(auditTrail.seq))
      .limit(PAGE);
    for (const row of page) {
      const broken = (reason: NonNullable<ChainReport["first_broken"]>["reason"]) => ({
        tenant, ok: false, rows_checked: checked, first_broken: { id: row.id, seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq) return broken("missing_seq");
      if (row.prevHash !== prevHash) return broken("broken_link");
      if ((await rowHash(row)) !== row.hash) return broken("hash_mismatch");
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.length < PAGE) return { tenant, ok: true, rows_checked: checked };
  }
}

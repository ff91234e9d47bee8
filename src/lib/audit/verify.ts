import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { auditTrail } from "../../db/schema/foundation";
import { GENESIS_HASH, rowHash } from "./chain";

export interface ChainReport {
  tenant: string;
  ok: boolean;
  rows_checked: number;
  /** Rows stored but not yet chained by the tenant's sealer: not covered by this check. */
  unsealed: number;
  first_broken?: { id: number; seq: number; reason: "hash_mismatch" | "broken_link" | "missing_seq" };
}

const PAGE = 500;

/**
 * Recomputes a tenant's sealed chain from its first row, one keyset page at a time, and names the first
 * row whose stored hash, link to its predecessor, or sequence number does not hold. Rows not yet sealed
 * (src/lib/audit/seal.ts) are counted, not checked: they have no hash yet.
 */
export async function verifyAuditChain(db: D1Db, tenant: string): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let unsealed = 0;
  for (;;) {
    const pageQuery = db
      .select()
      .from(auditTrail)
      .where(and(eq(auditTrail.tenant, tenant), gt(auditTrail.seq, expectedSeq - 1)))
      .orderBy(asc(auditTrail.seq))
      .limit(PAGE);
    let page;
    if (expectedSeq === 1) {
      // The first page and the unsealed count in one round trip, from one snapshot.
      const [pending, first] = await db.batch([
        db
          .select({ n: count() })
          .from(auditTrail)
          .where(and(eq(auditTrail.tenant, tenant), isNull(auditTrail.seq))),
        pageQuery,
      ]);
      unsealed = pending[0]?.n ?? 0;
      page = first;
    } else {
      page = await pageQuery;
    }
    for (const row of page) {
      const seq = row.seq!;
      const broken = (reason: NonNullable<ChainReport["first_broken"]>["reason"]) => ({
        tenant,
        ok: false,
        rows_checked: checked,
        unsealed,
        first_broken: { id: row.id, seq, reason },
      });
      if (seq !== expectedSeq) return broken("missing_seq");
      if (row.prevHash !== prevHash) return broken("broken_link");
      if ((await rowHash({ ...row, seq, prevHash })) !== row.hash) return broken("hash_mismatch");
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.length < PAGE) return { tenant, ok: true, rows_checked: checked, unsealed };
  }
}

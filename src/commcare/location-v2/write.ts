import { eq } from "drizzle-orm";
import type { D1BatchItem, D1Db } from "../../db/d1";
import { ccLocations } from "../../db/schema/commcare";
import { auditedBatch, type AuditEntry } from "../../lib/audit";
import { ccAuditContext } from "../audit";
import { naiveDateTime } from "../dates";
import { CommCareError } from "../errors";
import type { CcRequest } from "../pipeline/resource";
import { loadDomainLocState } from "./state";
import { applyLocationWrite, LocationAPIError, SITE_CODE_TAKEN, type DomainLocState, type LocNode, type WriteResult } from "./validate";

export type LocationOp = { body: unknown; target: { mode: "create" } | { mode: "update"; locationId: string } };

const newLocationId = () => crypto.randomUUID().replace(/-/g, "");

function statementFor(db: D1Db, domainId: number, r: WriteResult): D1BatchItem {
  const { id, ...fields } = r.node;
  if (!r.before) return db.insert(ccLocations).values({ id, domainId, ...fields });
  return db.update(ccLocations).set(fields).where(eq(ccLocations.id, id));
}

const auditView = (n: LocNode) => ({ ...n, locationData: JSON.parse(n.locationData) as unknown });

/** Another writer stored the same site code between this write's read and its batch. */
const isSiteCodeConflict = (err: unknown) =>
  /UNIQUE constraint failed: index 'cc_locations_site_code'/.test(
    String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err),
  );

/**
 * Validates every operation in order against the domain's current state (each seeing the earlier
 * ones' effects) and, only if all pass, writes them with their audit rows in ONE D1 batch. The first
 * failure → 400 `{"error": msg}` and nothing is written (§3.7 atomic PATCH).
 *
 * The unique index on (domain, lower(site_code)) settles a race the validation cannot see (two
 * writers that both read the state before either wrote): the loser's batch fails as a whole and is
 * validated again against the state that now holds the winner, so it answers step 3's 400
 * `another location already uses this site code`, or, for a generated code, takes the next free one.
 */
export async function writeLocations(r: CcRequest, ops: LocationOp[]): Promise<Written> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(r, ops);
    } catch (err) {
      if (!isSiteCodeConflict(err)) throw err;
      if (attempt >= 3) throw new CommCareError(400, SITE_CODE_TAKEN);
    }
  }
}

/** What was written, and the domain's state it was validated against with the writes applied. */
export interface Written {
  results: WriteResult[];
  state: DomainLocState;
}

async function writeOnce(r: CcRequest, ops: LocationOp[]): Promise<Written> {
  let results: WriteResult[] = [];
  let state!: DomainLocState;
  await auditedBatch(r.db, ccAuditContext(r.c, r.domain.name, r.principal.userId), async () => {
    state = await loadDomainLocState(r.db, r.domain.id);
    const micros = Date.now();
    results = [];
    for (const [i, op] of ops.entries()) {
      const now = naiveDateTime(new Date(micros), ((micros % 1000) * 1000 + i) % 1_000_000);
      try {
        results.push(applyLocationWrite(state, op.body, op.target, now, newLocationId));
      } catch (err) {
        if (err instanceof LocationAPIError) throw new CommCareError(400, err.message);
        throw err;
      }
    }
    const entries: AuditEntry[] = results.map((w) => ({
      action: w.before ? "location.update" : "location.create",
      entity: "cc_location",
      entityId: w.node.locationId,
      before: w.before ? auditView(w.before) : undefined,
      after: auditView(w.node),
    }));
    return { statements: results.map((w) => statementFor(r.db, r.domain.id, w)), entries };
  });
  return { results, state };
}

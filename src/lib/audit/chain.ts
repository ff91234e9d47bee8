/** Pure hash-chain logic of the audit trail: what a row's hash covers, and the genesis value. */

export const GENESIS_HASH = "0".repeat(64);

/** The fields of an audit row that its hash covers, in the order they are hashed. */
export interface ChainedFields {
  tenant: string;
  /** Covered so that moving a row to another customer's view is detected too. */
  customerId: number | null;
  seq: number;
  dateCreated: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
  requestId: string | null;
  reason: string | null;
  prevHash: string;
}

const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** SHA-256 of a JSON array of the fields in a fixed order: unambiguous and stable. */
export function rowHash(f: ChainedFields): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      f.tenant,
      f.customerId,
      f.seq,
      f.dateCreated,
      f.actor,
      f.action,
      f.entity,
      f.entityId,
      f.beforeJson,
      f.afterJson,
      f.requestId,
      f.reason,
      f.prevHash,
    ]),
  );
}

/** Who is writing, for which tenant, in which request, and why (`X-Reason`). */
export interface AuditContext {
  tenant: string;
  customerId: number | null;
  actor: string;
  requestId: string | null;
  reason: string | null;
  /** Called once the write's audit rows are stored: wakes the tenant's sealer. */
  afterWrite?: () => void;
}

/** One change to record: the entity before and after (null for create / delete). */
export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The chain's last row for a tenant (none yet: seq 0 and the genesis hash). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The fields of an audit row as written: everything its hash will cover except seq and prevHash. */
export function unsealedRows(ctx: AuditContext, entries: AuditEntry[], dateCreated = new Date().toISOString()) {
  return entries.map((e) => ({
    tenant: ctx.tenant,
    customerId: ctx.customerId,
    dateCreated,
    actor: ctx.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId === null ? null : String(e.entityId),
    beforeJson: toJson(e.before),
    afterJson: toJson(e.after),
    requestId: ctx.requestId,
    reason: ctx.reason,
  }));
}

export type UnsealedFields = Omit<ChainedFields, "seq" | "prevHash">;

/** Chains stored unsealed rows (in write order) onto `head`: each one's seq, prevHash and hash. */
export async function sealRows<R extends UnsealedFields>(head: ChainHead | undefined, rows: R[]) {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const sealed: (R & { seq: number; prevHash: string; hash: string })[] = [];
  for (const row of rows) {
    seq += 1;
    const hash = await rowHash({ ...row, seq, prevHash });
    sealed.push({ ...row, seq, prevHash, hash });
    prevHash = hash;
  }
  return sealed;
}

/**
 * The audit rows that extend a tenant's chain from `head` by `entries`, sealed at once: for scripts/admin.ts,
 * which writes through wrangler. The Worker stores rows unsealed (unsealedRows) and its sealer chains them (sealRows).
 */
export function chainRows(head: ChainHead | undefined, ctx: AuditContext, entries: AuditEntry[], dateCreated = new Date().toISOString()) {
  return sealRows(head, unsealedRows(ctx, entries, dateCreated));
}

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
      f.tenant, f.customerId, f.seq, f.dateCreated, f.actor, f.action, f.entity, f.entityId,
      f.beforeJson, f.afterJson, f.requestId, f.reason, f.prevHash,
    ]),
  );
}

import type { CaseBlock } from "../case/casexml";
import type { CaseRow, IndexRow } from "../case/queries";

/** Update keys that are case columns rather than dynamic properties. */
const COLUMN_KEYS = new Set(["case_name", "case_type", "owner_id", "external_id", "date_opened"]);

export interface CaseChange {
  before: CaseRow | null;
  after: CaseRow;
  indices: { upsert: IndexRow[]; remove: string[] };
}

/**
 * Applies a form's CaseXML v2 blocks (create, update, close, index) to the cases they name, in
 * block order; blocks for the same case accumulate. Pure: the caller loaded `existing` and writes
 * the result. `receivedOn` is the server time of the submission (ES string).
 */
export function applyCaseBlocks(
  blocks: CaseBlock[],
  existing: Map<string, CaseRow>,
  domainId: number,
  formId: string,
  receivedOn: string,
  formUserId: string | null,
): CaseChange[] {
  const changes = new Map<string, CaseChange>();
  for (const b of blocks) {
    let change = changes.get(b.caseId);
    if (!change) {
      const prev = existing.get(b.caseId) ?? null;
      const blank: CaseRow = {
        id: b.caseId, domainId, caseType: "", name: "", ownerId: "", userId: "", externalId: null, openedBy: null, openedOn: null,
        closed: 0, closedBy: null, closedOn: null, modifiedOn: receivedOn, serverModifiedOn: receivedOn, serverOpenedOn: receivedOn,
        indexedOn: receivedOn, properties: "{}", xformIds: "[]",
      };
      change = { before: prev, after: { ...(prev ?? blank) }, indices: { upsert: [], remove: [] } };
      changes.set(b.caseId, change);
    }
    const c = change.after;
    const userId = b.userId ?? formUserId ?? "";
    const modified = b.dateModified ?? receivedOn;
    if (b.create) {
      if (b.create.caseType !== undefined) c.caseType = b.create.caseType;
      if (b.create.caseName !== undefined) c.name = b.create.caseName;
      c.ownerId = b.create.ownerId ?? (c.ownerId || userId);
      if (!change.before) {
        c.openedBy = userId;
        c.openedOn = modified;
        c.serverOpenedOn = receivedOn;
      }
    }
    const props = JSON.parse(c.properties) as Record<string, string>;
    for (const [k, v] of Object.entries(b.update)) {
      if (k === "case_name") c.name = v;
      else if (k === "case_type") c.caseType = v;
      else if (k === "owner_id") c.ownerId = v;
      else if (k === "external_id") c.externalId = v;
      else if (k === "date_opened") c.openedOn = v;
      else if (!COLUMN_KEYS.has(k)) props[k] = v;
    }
    c.properties = JSON.stringify(props);
    for (const i of b.indices) {
      change.indices.upsert = change.indices.upsert.filter((u) => u.identifier !== i.identifier);
      change.indices.remove = change.indices.remove.filter((id) => id !== i.identifier);
      if (i.referencedId) {
        change.indices.upsert.push({ caseId: c.id, identifier: i.identifier, referencedId: i.referencedId, referencedType: i.caseType, relationship: i.relationship, domainId });
      } else change.indices.remove.push(i.identifier);
    }
    if (b.close) {
      c.closed = 1;
      c.closedBy = userId;
      c.closedOn = modified;
    }
    c.userId = userId;
    c.modifiedOn = modified;
    c.serverModifiedOn = receivedOn;
    c.indexedOn = receivedOn;
    const xformIds = JSON.parse(c.xformIds) as string[];
    if (!xformIds.includes(formId)) xformIds.push(formId);
    c.xformIds = JSON.stringify(xformIds);
  }
  return [...changes.values()];
}

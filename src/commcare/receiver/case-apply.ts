import { CaseBlockError, type CaseBlock } from "../case/casexml";
import type { CaseRow, IndexRow } from "../case/queries";
import { parseQueryDate } from "../dates";

/** Update keys that are case columns rather than dynamic properties. */
const COLUMN_KEYS = new Set(["case_name", "case_type", "owner_id", "external_id", "date_opened"]);

/**
 * Case dates in one UTC form, the one form dates and server times use (`YYYY-MM-DDTHH:MM:SS.ffffffZ`,
 * src/commcare/dates.ts): phones send `date_modified` with an offset (`…+02:00`), without fraction
 * digits (`…:00Z`) or as a date alone, and the case filters and `order_by` compare stored strings,
 * which is only right when every value is written the same way. Returns the blocks with
 * `date_modified` and an updated `date_opened` normalised; one that is not a date → CaseBlockError
 * (the submission is refused and nothing is stored). An empty `date_opened` is left out.
 */
export function normalizeCaseDates(blocks: CaseBlock[]): CaseBlock[] {
  const utc = (value: string, what: string, caseId: string) => {
    const parsed = parseQueryDate(value);
    if (parsed === null) throw new CaseBlockError(`Invalid ${what} '${value}' on case ${caseId}: not an ISO 8601 date or date-time`);
    return parsed;
  };
  return blocks.map((b) => {
    const update = { ...b.update };
    if ("date_opened" in update) {
      if (update.date_opened!.trim() === "") delete update.date_opened;
      else update.date_opened = utc(update.date_opened!, "date_opened", b.caseId);
    }
    const dateModified = b.dateModified === null || b.dateModified.trim() === "" ? null : utc(b.dateModified, "date_modified", b.caseId);
    return { ...b, dateModified, update };
  });
}

export interface CaseChange {
  before: CaseRow | null;
  after: CaseRow;
  indices: { upsert: IndexRow[]; remove: string[] };
}

/**
 * Applies a form's CaseXML v2 blocks (create, update, close, index) to the cases they name, in
 * block order; blocks for the same case accumulate. Pure: the caller loaded `existing` and writes
 * the result. `receivedOn` is the server time of the submission (ES string); the blocks' dates
 * have been through `normalizeCaseDates`, so `modified_on`, `opened_on` and `closed_on` are stored
 * in that same form.
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
        id: b.caseId,
        domainId,
        caseType: "",
        name: "",
        ownerId: "",
        userId: "",
        externalId: null,
        openedBy: null,
        openedOn: null,
        closed: 0,
        closedBy: null,
        closedOn: null,
        modifiedOn: receivedOn,
        serverModifiedOn: receivedOn,
        serverOpenedOn: receivedOn,
        indexedOn: receivedOn,
        properties: "{}",
        xformIds: "[]",
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
        change.indices.upsert.push({
          caseId: c.id,
          identifier: i.identifier,
          referencedId: i.referencedId,
          referencedType: i.caseType,
          relationship: i.relationship,
          domainId,
        });
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

import type { D1Db } from "../../db/d1";
import { caseToXml, type CaseForXml } from "./casexml";
import { casesByIds, indicesOf, reverseIndicesOf, type CaseRow, type IndexRow } from "./queries";

const MISSING_DATE = "1900-01-01";

const props = (json: string): Record<string, string> => {
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
};

/** §3.3 JSON object of a case. */
export function serializeCase(c: CaseRow, indices: IndexRow[], domain: string, detailBase: string) {
  return {
    case_id: c.id,
    closed: c.closed === 1,
    closed_by: c.closedBy,
    date_closed: c.closedOn,
    date_modified: c.modifiedOn || MISSING_DATE,
    domain,
    id: c.id,
    indexed_on: c.indexedOn,
    indices: Object.fromEntries(
      indices.map((i) => [i.identifier, { case_id: i.referencedId, case_type: i.referencedType, relationship: i.relationship }]),
    ),
    opened_by: c.openedBy,
    properties: {
      ...props(c.properties),
      case_name: c.name,
      case_type: c.caseType,
      date_opened: c.openedOn ?? MISSING_DATE,
      external_id: c.externalId,
      owner_id: c.ownerId,
    },
    resource_uri: `${detailBase}${c.id}/`,
    server_date_modified: c.serverModifiedOn || MISSING_DATE,
    server_date_opened: c.serverOpenedOn ?? MISSING_DATE,
    user_id: c.userId,
    xform_ids: JSON.parse(c.xformIds) as string[],
  };
}

export type CaseJson = ReturnType<typeof serializeCase> & { parent_cases?: unknown; child_cases?: unknown };

/** Serialises cases with their indices, and the `parent_cases` / `child_cases` maps when asked. */
export async function serializeCases(
  db: D1Db,
  domainId: number,
  domain: string,
  detailBase: string,
  rows: CaseRow[],
  opts: { parents?: boolean; children?: boolean } = {},
  /** The rows' indices when the caller read them already (beside the rows). */
  known?: IndexRow[],
): Promise<CaseJson[]> {
  const ids = rows.map((r) => r.id);
  const indices = known ?? (await indicesOf(db, ids));
  const byCase = (id: string, list: IndexRow[]) => list.filter((i) => i.caseId === id);
  const plain = (c: CaseRow, all: IndexRow[]) => serializeCase(c, byCase(c.id, all), domain, detailBase);
  let parentMap = new Map<string, CaseRow>();
  let reverse: IndexRow[] = [];
  let childMap = new Map<string, CaseRow>();
  let related: IndexRow[] = [];
  if (opts.parents)
    parentMap = new Map(
      (
        await casesByIds(
          db,
          domainId,
          indices.map((i) => i.referencedId),
        )
      ).map((c) => [c.id, c]),
    );
  if (opts.children) {
    reverse = await reverseIndicesOf(db, domainId, ids);
    childMap = new Map(
      (
        await casesByIds(
          db,
          domainId,
          reverse.map((i) => i.caseId),
        )
      ).map((c) => [c.id, c]),
    );
  }
  if (opts.parents || opts.children) related = await indicesOf(db, [...parentMap.keys(), ...childMap.keys()]);
  return rows.map((c) => {
    const out: CaseJson = plain(c, indices);
    if (opts.parents) {
      out.parent_cases = Object.fromEntries(
        byCase(c.id, indices)
          .filter((i) => parentMap.has(i.referencedId))
          .map((i) => [i.identifier, plain(parentMap.get(i.referencedId)!, related)]),
      );
    }
    if (opts.children) {
      out.child_cases = Object.fromEntries(
        reverse
          .filter((i) => i.referencedId === c.id && childMap.has(i.caseId))
          .map((i) => [i.identifier, plain(childMap.get(i.caseId)!, related)]),
      );
    }
    return out;
  });
}

/** The case as CaseXML v2 data for the XML serializer. */
export function caseForXml(c: CaseRow, indices: IndexRow[]): CaseForXml {
  const p = props(c.properties);
  if (c.externalId) p.external_id = c.externalId;
  return {
    caseId: c.id,
    caseType: c.caseType,
    name: c.name,
    ownerId: c.ownerId,
    userId: c.userId,
    dateModified: c.modifiedOn,
    closed: c.closed === 1,
    properties: p,
    indices: indices
      .filter((i) => i.caseId === c.id)
      .map((i) => ({ identifier: i.identifier, caseType: i.referencedType, relationship: i.relationship, referencedId: i.referencedId })),
  };
}

export { caseToXml };

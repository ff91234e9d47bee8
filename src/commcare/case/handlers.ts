import { and, eq } from "drizzle-orm";
import { ccCases } from "../../db/schema/commcare";
import { ccEmpty } from "../errors";
import { wantsFull } from "../pagination/es-filters";
import { parseOrderBy } from "../pagination/order";
import { paginate } from "../pagination/page";
import { ccJson, ccXml, formatOf } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { xmlNode } from "../serialize/xml";
import { writeXml, XML_DECLARATION } from "../xml/write";
import { caseToXml } from "./casexml";
import { caseFilters } from "./filters";
import { caseIdsPage, countCases, indicesIn, indicesOf, selectCases, type CaseRow, type IndexRow } from "./queries";
import { caseForXml, serializeCases } from "./serialize";

export const CASE_FIELDS = [
  "case_id",
  "closed",
  "closed_by",
  "date_closed",
  "date_modified",
  "domain",
  "id",
  "indexed_on",
  "indices",
  "opened_by",
  "properties",
  "resource_uri",
  "server_date_modified",
  "server_date_opened",
  "user_id",
  "xform_ids",
  "child_cases",
  "parent_cases",
];
const ORDERABLE = ["server_date_modified", "date_modified", "indexed_on"];
const COLUMNS = { server_date_modified: ccCases.serverModifiedOn, date_modified: ccCases.modifiedOn, indexed_on: ccCases.indexedOn };
const keyValue = (c: CaseRow, field: string) =>
  field === "date_modified" ? c.modifiedOn : field === "indexed_on" ? c.indexedOn : c.serverModifiedOn;

async function render(r: CcRequest, rows: CaseRow[], indices: IndexRow[]) {
  return serializeCases(
    r.db,
    r.domain.id,
    r.domain.name,
    `${r.origin}${r.listPath}`,
    rows,
    {
      parents: wantsFull(r.query, "parent_cases__full"),
      children: wantsFull(r.query, "child_cases__full"),
    },
    indices,
  );
}

/** GET case/: §3.3 filters, default `server_date_modified` ascending, id tie-break; JSON or CaseXML. */
export async function listCases(r: CcRequest): Promise<Response> {
  const where = caseFilters(r.domain.id, r.query);
  const order = parseOrderBy(r.query.getAll("order_by"), CASE_FIELDS, ORDERABLE, [{ field: "server_date_modified", desc: false }]);
  let indices: IndexRow[] = [];
  const page = await paginate<CaseRow>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 5000,
    order,
    columns: COLUMNS,
    id: ccCases.id,
    keyOf: (c) => [...order.map((k) => keyValue(c, k.field)), c.id],
    count: () => countCases(r.db, where),
    optionalCount: true,
    // The page's indices are read with the page (by the same query's ids), in the same round trip.
    rows: async (extra, orderBy, limit, offset) => {
      const w = extra ? and(where, extra) : where;
      const [rows, held] = await Promise.all([
        selectCases(r.db, w, orderBy, limit, offset),
        indicesIn(r.db, caseIdsPage(r.db, w, orderBy, limit, offset)),
      ]);
      indices = held;
      return rows;
    },
  });
  if (formatOf(r) === "xml") {
    const cases = page.rows.map((c) => writeXml(caseToXml(caseForXml(c, indices)))).join("");
    return ccXml(`${XML_DECLARATION}<response>${xmlNode("meta", page.meta)}<objects type="list">${cases}</objects></response>`);
  }
  return ccJson({ meta: page.meta, objects: await render(r, page.rows, indices) });
}

export async function getCase(r: CcRequest): Promise<Response> {
  const id = r.pk ?? "";
  const [rows, indices] = id
    ? await Promise.all([selectCases(r.db, and(eq(ccCases.domainId, r.domain.id), eq(ccCases.id, id)), [], 1, 0), indicesOf(r.db, [id])])
    : [[], []];
  if (!rows.length) throw ccEmpty(404);
  if (formatOf(r) === "xml") return ccXml(XML_DECLARATION + writeXml(caseToXml(caseForXml(rows[0]!, indices))));
  const [object] = await render(r, rows, indices);
  return ccJson(object);
}

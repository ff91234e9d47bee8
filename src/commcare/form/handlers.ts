import { and } from "drizzle-orm";
import { ccForms, type CcForm } from "../../db/schema/commcare";
import { casesByIds } from "../case/queries";
import { serializeCases } from "../case/serialize";
import { ccEmpty } from "../errors";
import { wantsFull } from "../pagination/es-filters";
import { parseOrderBy } from "../pagination/order";
import { paginate } from "../pagination/page";
import { ccJson } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { formFilters } from "./filters";
import { caseIdsOfForms, countForms, findForm, selectForms } from "./queries";
import { serializeForm } from "./serialize";

export const FORM_FIELDS = [
  "app_id",
  "archived",
  "attachments",
  "build_id",
  "domain",
  "edited_by_user_id",
  "edited_on",
  "form",
  "id",
  "indexed_on",
  "initial_processing_complete",
  "is_phone_submission",
  "metadata",
  "problem",
  "received_on",
  "resource_uri",
  "server_modified_on",
  "submit_ip",
  "type",
  "uiversion",
  "version",
  "cases",
];
const ORDERABLE = ["received_on", "server_modified_on", "indexed_on"];
const COLUMNS = { received_on: ccForms.receivedOn, server_modified_on: ccForms.serverModifiedOn, indexed_on: ccForms.indexedOn };

async function withCases(r: CcRequest, forms: CcForm[]) {
  const objects = forms.map((f) => serializeForm(f, r.domain.name, `${r.origin}${r.listPath}`));
  if (!wantsFull(r.query, "cases__full")) return objects;
  const caseIds = await caseIdsOfForms(
    r.db,
    forms.map((f) => f.id),
  );
  const rows = await casesByIds(r.db, r.domain.id, [...caseIds.values()].flat());
  const caseBase = `${r.origin}/a/${r.domain.name}/api/${r.scheme.startsWith("v0.") ? r.scheme.replace("form/", "case/") : "case/v1/"}`;
  const json = new Map((await serializeCases(r.db, r.domain.id, r.domain.name, caseBase, rows)).map((c) => [c.id, c]));
  return objects.map((o) => ({ ...o, cases: (caseIds.get(o.id) ?? []).map((id) => json.get(id)).filter(Boolean) }));
}

/** GET form/: §3.2 filters, default `-received_on`, id tie-break, offset or cursor. JSON only. */
export async function listForms(r: CcRequest): Promise<Response> {
  const where = formFilters(r.domain.id, r.query);
  const order = parseOrderBy(r.query.getAll("order_by"), FORM_FIELDS, ORDERABLE, [{ field: "received_on", desc: true }]);
  const page = await paginate<CcForm>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 1000,
    order,
    columns: COLUMNS,
    id: ccForms.id,
    keyOf: (f) => [
      ...order.map((k) => (k.field === "received_on" ? f.receivedOn : k.field === "indexed_on" ? f.indexedOn : f.serverModifiedOn)),
      f.id,
    ],
    count: () => countForms(r.db, where),
    optionalCount: true,
    rows: (extra, orderBy, limit, offset) => selectForms(r.db, extra ? and(where, extra) : where, orderBy, limit, offset),
  });
  return ccJson({ meta: page.meta, objects: await withCases(r, page.rows) });
}

export async function getForm(r: CcRequest): Promise<Response> {
  const form = await findForm(r.db, r.domain.id, r.pk ?? "");
  if (!form) throw ccEmpty(404);
  const [object] = await withCases(r, [form]);
  return ccJson(object);
}

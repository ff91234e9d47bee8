import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { ResourceDef } from "../pipeline/resource";
import { COUNT_DOC, registerResource, success } from "../pipeline/register";
import { getForm, listForms } from "./handlers";
import { FormListSchema, FormSchema } from "./schema";

export const formResource: ResourceDef = {
  name: "form",
  paths: ["v0.4/form/", "v0.5/form/", "form/v1/"],
  permission: "edit_data",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "form_id",
};

export function registerForms(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    formResource,
    { list: { GET: listForms }, detail: { GET: getForm } },
    {
      list: {
        GET: {
          summary: "Submitted forms, newest first (§3.2); offset or keyset `cursor` paging.",
          description:
            `${COUNT_DOC} \`_search\` takes HQ's ES filter JSON \`{"filter": …}\` (the form of commcare-export's date_modified checkpoints): ` +
            "`and` / `or` / `not`, `range` (gte/gt/lte/lt/from/to) on received_on, server_modified_on, indexed_on, `term` / `terms` on xmlns, app_id, " +
            "build_id, user_id, form.meta.userID, form.meta.instanceID, `missing` / `exists`, `match_all`; at most 4096 characters, 12 levels, 64 clauses, " +
            '48 values. Anything else → 400 `{"error": "Bad _search: …"}`. `order_by` is repeatable: each key sorts within the previous one.',
          query: [
            "xmlns",
            "xmlns.exact",
            "case_id",
            "received_on_start",
            "received_on_end",
            "indexed_on_start",
            "indexed_on_end",
            "server_modified_on_start",
            "server_modified_on_end",
            "include_archived",
            "app_id",
            "_search",
            "order_by",
            "cases__full",
            "limit",
            "offset",
            "cursor",
            "count",
          ],
          success: success("A page of forms (JSON only: `format=xml` still answers JSON, as in HQ).", FormListSchema),
        },
      },
      detail: {
        GET: {
          summary: "One form by id; `cases__full=true` adds its cases.",
          query: ["cases__full"],
          success: success("The form (JSON only).", FormSchema),
        },
      },
    },
  );
}

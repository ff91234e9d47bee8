import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import type { ResourceDef } from "../pipeline/resource";
import { COUNT_DOC, registerResource, success } from "../pipeline/register";
import { getCase, listCases } from "./handlers";
import { CASE_DETAIL_XML, CASE_LIST_XML, CaseListSchema, CaseSchema } from "./schema";

export const caseResource: ResourceDef = {
  name: "case",
  paths: ["v0.4/case/", "v0.5/case/", "case/v1/"],
  permission: "edit_data",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "case_id",
};

export function registerCases(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    caseResource,
    { list: { GET: listCases }, detail: { GET: getCase } },
    {
      list: {
        GET: {
          summary: "Cases, oldest server modification first (§3.3); JSON or CaseXML v2; offset or `cursor` paging.",
          description: COUNT_DOC,
          query: [
            "type",
            "name",
            "external_id",
            "owner_id",
            "user_id",
            "closed",
            "case_type",
            "case_name",
            "type.exact",
            "name.exact",
            "external_id.exact",
            "contact_phone_number",
            "date_modified_start",
            "date_modified_end",
            "server_date_modified_start",
            "server_date_modified_end",
            "indexed_on_start",
            "indexed_on_end",
            "order_by",
            "parent_cases__full",
            "child_cases__full",
            "format",
            "limit",
            "offset",
            "cursor",
            "count",
          ],
          success: success("A page of cases.", CaseListSchema, CASE_LIST_XML),
        },
      },
      detail: {
        GET: {
          summary: "One case by case_id.",
          query: ["parent_cases__full", "child_cases__full", "format"],
          success: success("The case.", CaseSchema, CASE_DETAIL_XML),
        },
      },
    },
  );
}

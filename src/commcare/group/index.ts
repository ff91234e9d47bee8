import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, success } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { getGroup, listGroups } from "./handlers";
import { GROUP_XML, GroupListSchema, GroupSchema } from "./schema";

export const groupResource: ResourceDef = {
  name: "group",
  paths: ["v0.5/group/", "group/v1/"],
  permission: "edit_commcare_users",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "group_id",
};

export function registerGroups(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    groupResource,
    { list: { GET: listGroups }, detail: { GET: getGroup } },
    {
      list: {
        GET: {
          summary: "Groups of the domain by name, with their members' ids; JSON or XML. Needs `edit_commcare_users`.",
          description: "HQ's `group` resource (`GroupResource`). No filters besides the domain; offset or `cursor` paging.",
          query: ["limit", "offset", "cursor", "format"],
          success: success("A page of groups.", GroupListSchema, GROUP_XML),
        },
      },
      detail: {
        GET: {
          summary: "One group of the domain by id; JSON or XML.",
          description: "A group of another domain, or an unknown id: 404 with an empty body.",
          success: success("The group.", GroupSchema, GROUP_XML),
        },
      },
    },
  );
}

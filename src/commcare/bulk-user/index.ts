import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { getBulkUser, listBulkUsers } from "./handlers";

export const bulkUserResource: ResourceDef = {
  name: "bulk-user",
  paths: ["v0.5/bulk-user/", "bulk-user/v1/"],
  permission: "edit_commcare_users",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "user_id",
};

export function registerBulkUsers(router: OpenAPIHono<AppEnv>) {
  registerResource(router, bulkUserResource, { list: { GET: listBulkUsers }, detail: { GET: getBulkUser } }, {
    list: { GET: { summary: "Web users and mobile workers of the domain (§3.4); JSON or XML.", query: ["q", "fields", "limit", "offset", "format"] } },
    detail: { GET: { summary: "Not implemented by the reference; answers 404." } },
  });
}

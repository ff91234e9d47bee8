import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, success } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { BULK_USER_FIELDS, getBulkUser, listBulkUsers } from "./handlers";
import { MAX_QUERY_LENGTH } from "./query-string";
import { BULK_USER_XML, BulkUserListSchema } from "./schema";

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
  registerResource(
    router,
    bulkUserResource,
    { list: { GET: listBulkUsers }, detail: { GET: getBulkUser } },
    {
      list: {
        GET: {
          summary: "Web users and mobile workers of the domain (§3.4); JSON or XML.",
          description: `\`fields\` (repeatable, each one of \`${BULK_USER_FIELDS.join(", ")}\`, else 400 \`<f> is not a valid field\`) narrows every object to exactly those keys. \`q\` longer than ${MAX_QUERY_LENGTH} characters → 400 \`q is longer than ${MAX_QUERY_LENGTH} characters\`; its \`*\` and \`?\` wildcards are matched without backtracking.`,
          query: ["q", "fields", "limit", "offset", "format"],
          success: success("Users by username; with `fields`, objects per `BulkUserFields`.", BulkUserListSchema, BULK_USER_XML),
        },
      },
      detail: { GET: { summary: "Not implemented by the reference; always answers 404 (empty body).", success: null } },
    },
  );
}

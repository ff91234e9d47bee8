import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, success } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { getWebUser, listWebUsers } from "./handlers";
import { WEB_USER_XML, WebUserListSchema, WebUserSchema } from "./schema";

export const webUserResource: ResourceDef = {
  name: "web-user",
  paths: ["v0.5/web-user/", "web-user/v1/"],
  permission: "edit_web_users",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "web_user_id",
};

export function registerWebUsers(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    webUserResource,
    { list: { GET: listWebUsers }, detail: { GET: getWebUser } },
    {
      list: {
        GET: {
          summary: "Web users who are members of the domain, by username; JSON or XML. Needs `edit_web_users`.",
          description:
            "HQ's `web-user` resource (`WebUserResource`): each user with its `role`, `is_admin` and the role's `permissions` " +
            "in this domain. " +
            "`web_username` (any case) narrows to that member; a user of another domain is never found. Offset or `cursor` paging.",
          query: ["web_username", "limit", "offset", "cursor", "format"],
          success: success("A page of web users.", WebUserListSchema, WEB_USER_XML),
        },
      },
      detail: {
        GET: {
          summary: "One web user of the domain by id; JSON or XML.",
          description: "A non-member, a mobile worker, or an unknown id: 404 with an empty body.",
          success: success("The web user.", WebUserSchema, WEB_USER_XML),
        },
      },
    },
  );
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { CommCareErrorSchema, registerResource, success } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { getUser, listUsers } from "./handlers";
import { MobileWorkerListSchema, MobileWorkerSchema, USER_XML } from "./schema";

export const userResource: ResourceDef = {
  name: "user",
  paths: ["v0.5/user/", "user/v1/"],
  permission: "edit_commcare_users",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "user_id",
};

const BAD_GROUP =
  '`group` names no group of this domain: `{"error": "Project <domain> has no group with id=<id>"}`. ' +
  "A bad `limit`, `offset` or `cursor`: the pagination message.";

export function registerUsers(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    userResource,
    { list: { GET: listUsers }, detail: { GET: getUser } },
    {
      list: {
        GET: {
          summary: "Mobile workers of the domain, by username; JSON or XML. Needs `edit_commcare_users`.",
          description:
            "HQ's `user` resource (`CommCareUserResource`). Active workers by default; `archived=true` (true/t/yes/y/1/on) " +
            "lists only the archived ones; `group=<group id>` lists the group's active members; `username` (full, or the part " +
            "before `@`, any case) one worker — except when `api_key` is in the query too, where `username` is the caller's " +
            "credential. Offset paging, or keyset paging with `cursor` (`meta.next` carries the next cursor). " +
            "`user_data` holds the custom fields and the location ids `commcare-export --with-organization` joins on.",
          query: ["archived", "group", "username", "limit", "offset", "cursor", "format"],
          success: success("A page of mobile workers.", MobileWorkerListSchema, USER_XML),
          responses: { 400: { description: BAD_GROUP, content: { "application/json": { schema: CommCareErrorSchema } } } },
        },
      },
      detail: {
        GET: {
          summary: "One mobile worker of the domain by id (archived ones too); JSON or XML.",
          description: "Another domain's worker, a web user, or an unknown id: 404 with an empty body.",
          success: success("The mobile worker.", MobileWorkerSchema, USER_XML),
        },
      },
    },
  );
}

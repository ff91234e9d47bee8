import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, success } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { getApp, listApps } from "./handlers";
import { APPLICATION_XML, ApplicationListSchema, ApplicationResponseSchema } from "./schema";

export const applicationResource: ResourceDef = {
  name: "application",
  paths: ["v0.4/application/", "v0.5/application/", "application/v1/"],
  permission: "access_api",
  needsLocations: false,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "app_id",
};

export function registerApplications(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    applicationResource,
    { list: { GET: listApps }, detail: { GET: getApp } },
    {
      list: {
        GET: {
          summary: "All applications of the domain, not paginated (§3.1); JSON or XML.",
          query: ["extras", "format"],
          success: success("Every working copy; `meta` per `UnpaginatedMeta`.", ApplicationListSchema, APPLICATION_XML),
        },
      },
      detail: {
        GET: {
          summary: "One application or build; `extras=true` merges the raw document; JSON or XML.",
          query: ["extras", "format"],
          success: success("The application.", ApplicationResponseSchema, APPLICATION_XML),
        },
      },
    },
  );
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { getType, listTypes } from "./handlers";

export const locationTypeResource: ResourceDef = {
  name: "location_type",
  paths: ["v0.5/location_type/", "location_type/v1/"],
  permission: "edit_locations",
  needsLocations: true,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "id",
};

export function registerLocationTypes(router: OpenAPIHono<AppEnv>) {
  registerResource(router, locationTypeResource, { list: { GET: listTypes }, detail: { GET: getType } }, {
    list: { GET: { summary: "Location types of the domain (commcare-api.md §3.6).", query: ["limit", "offset", "format"] } },
    detail: { GET: { summary: "One location type by integer id; writes answer 405." } },
  });
}

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, success } from "../pipeline/register";
import { TASTYPIE_XML, xmlContent } from "../serialize/schema";
import type { ResourceDef } from "../pipeline/resource";
import { getType, listTypes } from "./handlers";
import { LocationTypeListSchema, LocationTypeSchema } from "./schema";

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
  registerResource(
    router,
    locationTypeResource,
    { list: { GET: listTypes }, detail: { GET: getType } },
    {
      list: {
        GET: {
          summary: "Location types of the domain (§3.6, docs/commcare.md).",
          query: ["limit", "offset", "format"],
          success: success("A page of location types, by id.", LocationTypeListSchema, xmlContent(TASTYPIE_XML)),
        },
      },
      detail: {
        GET: {
          summary: "One location type by integer id; writes answer 405.",
          query: ["format"],
          success: success("The location type.", LocationTypeSchema, xmlContent(TASTYPIE_XML)),
        },
      },
    },
  );
}

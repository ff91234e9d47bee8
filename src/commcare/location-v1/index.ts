import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, success } from "../pipeline/register";
import { TASTYPIE_XML, xmlContent } from "../serialize/schema";
import type { ResourceDef } from "../pipeline/resource";
import { getLocationV1, listLocationsV1 } from "./handlers";
import { LocationV1ListSchema, LocationV1Schema } from "./schema";

export const locationV1Resource: ResourceDef = {
  name: "location v1",
  paths: ["v0.5/location/", "location/v1/"],
  permission: "edit_locations",
  needsLocations: true,
  listMethods: ["GET"],
  detailMethods: ["GET"],
  detailParam: "location_id",
};

export function registerLocationsV1(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    locationV1Resource,
    { list: { GET: listLocationsV1 }, detail: { GET: getLocationV1 } },
    {
      list: {
        GET: {
          summary: "Active locations (v0.5 shape) with Django-style filters (§3.5).",
          query: [
            "site_code",
            "external_id",
            "created_at__gte",
            "last_modified__gte",
            "latitude__gt",
            "longitude__lt",
            "limit",
            "offset",
            "cursor",
            "format",
          ],
          success: success("A page of active locations, by id.", LocationV1ListSchema, xmlContent(TASTYPIE_XML)),
        },
      },
      detail: {
        GET: {
          summary: "One active location by location_id, with absolute URLs.",
          query: ["format"],
          success: success("The location.", LocationV1Schema, xmlContent(TASTYPIE_XML)),
        },
      },
    },
  );
}

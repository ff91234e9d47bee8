import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerLocationsV1 } from "../location";
import { COUNT_DOC, registerResource } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { createLocation, getLocationV2, listLocationsV2, patchLocations, updateLocation } from "./handlers";

export const locationV2Resource: ResourceDef = {
  name: "location v2",
  paths: ["v0.6/location/", "location/v2/"],
  permission: "edit_locations",
  needsLocations: true,
  listMethods: ["GET", "POST", "PATCH"],
  detailMethods: ["GET", "PUT"],
  detailParam: "location_id",
};

const LOCATION_WRITE = {
  type: "object",
  properties: {
    name: { type: "string" },
    site_code: { type: "string" },
    location_type_code: { type: "string" },
    parent_location_id: { type: "string" },
    latitude: { type: ["string", "number", "null"] },
    longitude: { type: ["string", "number", "null"] },
    location_data: { type: "object", additionalProperties: true },
  },
};

export function registerLocationsV2(router: OpenAPIHono<AppEnv>) {
  registerResource(router, locationV2Resource, {
    list: { GET: listLocationsV2, POST: createLocation, PATCH: patchLocations },
    detail: { GET: getLocationV2, PUT: updateLocation },
  }, {
    list: {
      GET: {
        summary: "Active locations (v0.6 shape), filterable; offset or keyset `cursor` paging.",
        description: COUNT_DOC,
        query: ["name", "site_code", "last_modified.gt", "last_modified.gte", "last_modified.lt", "last_modified.lte", "location_type_code", "parent_location_id", "order_by", "limit", "offset", "cursor", "count", "format"],
      },
      POST: { summary: "Create a location: 201, body = the location, `Location` header.", body: { ...LOCATION_WRITE, required: ["name", "location_type_code"] }, status: 201 },
      PATCH: {
        summary: "Bulk create/update up to 100 locations atomically: 202 with the location_ids.",
        body: { type: "object", required: ["objects"], properties: { objects: { type: "array", maxItems: 100, items: { ...LOCATION_WRITE, properties: { ...LOCATION_WRITE.properties, location_id: { type: "string" } } } } } },
        status: 202,
      },
    },
    detail: {
      GET: { summary: "One active location by location_id." },
      PUT: { summary: "Partial update of a location (only the keys sent change).", body: LOCATION_WRITE },
    },
  });
}

export { registerLocationsV1 };

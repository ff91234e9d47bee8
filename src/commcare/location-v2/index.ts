import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { jsonBody } from "../../lib/openapi-schemas";
import { COUNT_DOC, registerResource, success } from "../pipeline/register";
import { TASTYPIE_XML, xmlContent } from "../serialize/schema";
import type { ResourceDef } from "../pipeline/resource";
import { createLocation, getLocationV2, listLocationsV2, patchLocations, updateLocation } from "./handlers";
import {
  LocationCreateSchema,
  LocationIdsSchema,
  LocationPatchSchema,
  LocationUpdateSchema,
  LocationV2ListSchema,
  LocationV2Schema,
  LocationV2WrittenSchema,
} from "./schema";

export const locationV2Resource: ResourceDef = {
  name: "location v2",
  paths: ["v0.6/location/", "location/v2/"],
  permission: "edit_locations",
  needsLocations: true,
  listMethods: ["GET", "POST", "PATCH"],
  detailMethods: ["GET", "PUT"],
  detailParam: "location_id",
};

export function registerLocationsV2(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    locationV2Resource,
    {
      list: { GET: listLocationsV2, POST: createLocation, PATCH: patchLocations },
      detail: { GET: getLocationV2, PUT: updateLocation },
    },
    {
      list: {
        GET: {
          summary: "Active locations (v0.6 shape), filterable; offset or keyset `cursor` paging.",
          description: COUNT_DOC,
          query: [
            "name",
            "site_code",
            "last_modified.gt",
            "last_modified.gte",
            "last_modified.lt",
            "last_modified.lte",
            "location_type_code",
            "parent_location_id",
            "order_by",
            "limit",
            "offset",
            "cursor",
            "count",
            "format",
          ],
          success: success("A page of active locations.", LocationV2ListSchema, xmlContent(TASTYPIE_XML)),
        },
        POST: {
          summary: "Create a location: 201, body = the location, `Location` header.",
          body: jsonBody(
            LocationCreateSchema,
            'Validated by the handler in the order of §3.7; the first error answers 400 `{"error": ...}` and nothing is stored.',
            {
              name: "Boulder",
              site_code: "boulder",
              location_type_code: "city",
              parent_location_id: "10c0000000000000000000000000c010",
              latitude: "40.0150000000",
              longitude: "-105.2705000000",
            },
          ),
          status: 201,
          success: {
            ...success("The new location.", LocationV2WrittenSchema),
            headers: { Location: { description: "Absolute detail URL of the new location.", schema: { type: "string", format: "uri" } } },
          },
        },
        PATCH: {
          summary: "Bulk create/update up to 100 locations atomically: 202 with the location_ids.",
          body: jsonBody(LocationPatchSchema, "Items with `location_id` update, the others create; all or nothing.", {
            objects: [
              { location_id: "10c0000000000000000000000000d3e0", name: "Denver (metro)" },
              { name: "Boulder", location_type_code: "city", parent_location_id: "10c0000000000000000000000000c010" },
            ],
          }),
          status: 202,
          success: success("Every item applied.", LocationIdsSchema),
        },
      },
      detail: {
        GET: {
          summary: "One active location by location_id.",
          query: ["format"],
          success: success("The location.", LocationV2Schema, xmlContent(TASTYPIE_XML)),
        },
        PUT: {
          summary: "Partial update of a location (only the keys sent change); an unknown location_id answers 400, not 404 (Q8).",
          body: jsonBody(
            LocationUpdateSchema,
            "Validated by the handler in the order of §3.7; the first error answers 400 and nothing is stored.",
            { name: "Denver (metro)" },
          ),
          success: success("The updated location.", LocationV2WrittenSchema),
        },
      },
    },
  );
}

import { z } from "@hono/zod-openapi";
import { CountedPageMetaSchema, listEnvelope } from "../pagination/schema";
import { absoluteUrl, naiveIso, storedDecimal } from "../serialize/schema";

/** OpenAPI schemas of the §3.5 v0.5 location as src/commcare/location-v1/serialize.ts writes it. */

export const LocationDataSchema = z
  .record(z.string(), z.unknown())
  .openapi("LocationData", { description: "Custom location fields by slug, as last written." });

export const LocationV1Schema = z
  .strictObject({
    created_at: naiveIso(),
    domain: z.string(),
    external_id: z.string().nullable(),
    id: z.number().int(),
    last_modified: naiveIso(),
    latitude: storedDecimal(),
    location_data: LocationDataSchema,
    location_id: z.string(),
    location_type: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/location_type/2/").openapi({
      description: "Absolute URL of the location type (same URL scheme as the request).",
    }),
    longitude: storedDecimal(),
    name: z.string(),
    parent: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/location/10c0000000000000000000000000c010/")
      .nullable()
      .openapi({ description: "Absolute URL of the parent; null at the root." }),
    resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/location/10c0000000000000000000000000d3e0/"),
    site_code: z.string(),
  })
  .openapi("LocationV1", { description: "v0.5 / location/v1 shape." });

export const LocationV1ListSchema = listEnvelope("LocationV1List", LocationV1Schema, CountedPageMetaSchema);

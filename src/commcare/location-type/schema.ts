import { z } from "@hono/zod-openapi";
import { listEnvelope, OffsetPageMetaSchema } from "../pagination/schema";
import { absoluteUrl } from "../serialize/schema";

/** OpenAPI schemas of the §3.6 location type as src/commcare/location-type/serialize.ts writes it. */

export const LocationTypeSchema = z
  .strictObject({
    administrative: z.boolean(),
    code: z.string(),
    domain: z.string(),
    id: z.number().int(),
    name: z.string(),
    parent: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/location_type/1/")
      .nullable()
      .openapi({ description: "Absolute URL of the parent type; null for a top-level type." }),
    resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/location_type/2/"),
    shares_cases: z.boolean(),
    view_descendants: z.boolean(),
  })
  .openapi("LocationType");

export const LocationTypeListSchema = listEnvelope("LocationTypeList", LocationTypeSchema, OffsetPageMetaSchema);

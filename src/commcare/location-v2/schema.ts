import { z } from "@hono/zod-openapi";
import { MAX_LOCATION_DATA_BYTES, MAX_LOCATION_NAME_CHARS, MAX_SITE_CODE_CHARS } from "../limits";
import { LocationDataSchema } from "../location-v1/schema";
import { listEnvelope, PageMetaSchema } from "../pagination/schema";
import { naiveIso, storedDecimal } from "../serialize/schema";
import { PATCH_LIMIT } from "./body";

/**
 * OpenAPI schemas of §3.7: the v0.6 location (src/commcare/location-v2/serialize.ts
 * `serializeLocationV2`) and the write bodies. The bodies are documentation only: the handlers
 * validate them (src/commcare/location-v2/validate.ts) so that every message is the spec's.
 */

const LOCATION_V2_SHAPE = {
  domain: z.string(),
  last_modified: naiveIso(),
  latitude: storedDecimal(),
  location_data: LocationDataSchema,
  location_id: z.string(),
  location_type_code: z.string(),
  location_type_name: z.string(),
  longitude: storedDecimal(),
  name: z.string(),
  parent_location_id: z.string().openapi({ description: '`""` for a root location.' }),
  site_code: z.string(),
};

export const LocationV2Schema = z
  .strictObject(LOCATION_V2_SHAPE)
  .openapi("LocationV2", { description: "v0.6 / location/v2 shape (no `id`, no `resource_uri`)." });

export const LocationV2ListSchema = listEnvelope("LocationV2List", LocationV2Schema, PageMetaSchema);

const echoedDecimal = z.string().nullable().openapi({
  description:
    '`str(Decimal(value sent))`: a JSON number\'s exact binary expansion (`31.1234` → `"31.123400000000000176214598468504846096038818359375"`), a string as sent; a later GET shows the 10-place stored value. Keys not sent keep the stored value.',
});

export const LocationV2WrittenSchema = z
  .strictObject({ ...LOCATION_V2_SHAPE, latitude: echoedDecimal, longitude: echoedDecimal })
  .openapi("LocationV2Written", { description: "The location just created or updated, from memory (lat/long as sent)." });

const decimalInput = z
  .union([z.string(), z.number(), z.null()])
  .openapi({ description: 'A decimal (number or string); `null` or `""` clears it.' });

const WRITABLE = {
  name: z.string().max(MAX_LOCATION_NAME_CHARS).openapi({
    description: "Unique among its siblings (case-sensitive); a rename regenerates `site_code` unless one is sent. Longer → 400.",
  }),
  site_code: z
    .string()
    .max(MAX_SITE_CODE_CHARS)
    .openapi({ description: "Letters, digits, `-` and `_`; lower-cased; unique in the domain. Longer → 400." }),
  location_type_code: z.string().openapi({ description: "Code (or name) of a location type allowed under the parent." }),
  parent_location_id: z.string().openapi({ description: "location_id of the parent in this domain." }),
  latitude: decimalInput,
  longitude: decimalInput,
  location_data: LocationDataSchema.openapi({
    description: `Replaces the custom fields wholesale; checked against the domain's field definitions; more than ${MAX_LOCATION_DATA_BYTES} bytes as JSON → 400.`,
  }),
};

const READ_ONLY_NOTE =
  "Any other key (including `domain`, `last_modified`, `location_type_name` echoed from a GET) → 400 `Invalid fields were included in request: [...]`.";

export const LocationCreateSchema = z
  .strictObject(WRITABLE)
  .partial()
  .required({ name: true, location_type_code: true })
  .openapi("LocationCreate", { description: `A new location. Without \`name\` and \`location_type_code\` → 400. ${READ_ONLY_NOTE}` });

export const LocationUpdateSchema = z
  .strictObject(WRITABLE)
  .partial()
  .openapi("LocationUpdate", { description: `Partial update: only the keys sent change. ${READ_ONLY_NOTE}` });

export const LocationPatchUpdateSchema = z
  .strictObject({ location_id: z.string().openapi({ description: "The location to update." }), ...WRITABLE })
  .partial()
  .required({ location_id: true })
  .openapi("LocationPatchUpdate", { description: "A bulk item with `location_id`: an update (same rules as PUT)." });

export const LocationPatchSchema = z
  .strictObject({
    objects: z
      .array(z.union([LocationPatchUpdateSchema, LocationCreateSchema]))
      .max(PATCH_LIMIT)
      .openapi({
        description: `At most ${PATCH_LIMIT} items, applied in order in one transaction: the first error answers 400 and nothing is stored.`,
      }),
  })
  .openapi("LocationPatch");

export const LocationIdsSchema = z
  .array(z.string())
  .openapi("LocationIds", { description: "The location_ids of the PATCH items, in request order (new ones generated)." });

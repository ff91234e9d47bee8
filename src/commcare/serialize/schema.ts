import { z } from "@hono/zod-openapi";

/** OpenAPI schemas of the scalar formats the CommCare API serves (§2.3), shared by the resources. */

/** Form and case times as stored and served: `2016-11-29T14:50:42.530616Z` (src/commcare/dates.ts `esDateTime`). */
export const esDateTime = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    .openapi({ description: "UTC date-time with microseconds.", example: "2016-11-29T14:50:42.530616Z" });

/** A case date that HQ defaults to `1900-01-01` when missing. */
export const caseDate = () =>
  z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z|1900-01-01)$/)
    .openapi({ description: "UTC date-time with microseconds; `1900-01-01` when missing.", example: "2026-09-03T10:00:00.000000Z" });

/** Location times: naive UTC, Python `isoformat()` (microseconds only when non-zero). */
export const naiveIso = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/)
    .openapi({ description: "Naive UTC ISO 8601 (Python `isoformat()`).", example: "2024-03-11T19:29:16.845849" });

/** Latitude/longitude as stored: a decimal string with 10 places (DB scale 10), or null. */
export const storedDecimal = () =>
  z
    .string()
    .regex(/^-?\d+\.\d{10}$/)
    .nullable()
    .openapi({ description: "Decimal as a string, 10 places; null when unset.", example: "31.4100000000" });

export const absoluteUrl = (example: string) => z.url().openapi({ description: "Absolute URL.", example });

/** The `application/xml` alternative of a resource that also serves XML (`format=xml` or `Accept`). */
export const xmlContent = (description: string) => ({ schema: z.string().openapi({ description }) });

export const TASTYPIE_XML =
  'tastypie XML (`format=xml` or `Accept: application/xml`; `format` wins): `<?xml version=\'1.0\' encoding=\'utf-8\'?>`, then the same data as the JSON, children sorted by tag, non-string scalars typed (`type="integer"`, `"boolean"`, `"null"`, `"hash"`, `"list"`).';

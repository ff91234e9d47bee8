import { createRoute, z } from "@hono/zod-openapi";
import { EDC_SECURITY, jsonBody, problemResponses } from "../../lib/openapi-schemas";
import { ExtractDataBody } from "../schemas";

export const extractData = createRoute({
  method: "post",
  path: "/edc/study/extract-data",
  operationId: "edcExtractData",
  tags: ["EDC"],
  summary: "Extract a table, view or function of the EDC database (E1), streamed.",
  description: [
    "Identifiers are checked against the EDC catalog (credential tables and VOLATILE functions refused); values are bound; the query runs READ ONLY.",
    "Dates apply to COALESCE(date_updated, date_created), inclusive; a date-only toDate means the end of that day (UTC).",
    "`Accept: application/x-ndjson` or `text/csv` stream those formats instead of a JSON array.",
    'If the database fails after streaming began, the JSON array is left unterminated and NDJSON ends with a line `{"error":"stream_interrupted"}`.',
    "`cross_event_crf_data` rows are flattened: each key of `items` becomes a field.",
    "Site-role callers get only their sites' rows, subject-role callers only their own subject's; a relation or function",
    "whose rows cannot be tied to a site (or subject) is refused to them with 403 `edc_relation_forbidden` naming it.",
  ].join(" "),
  security: EDC_SECURITY,
  request: {
    body: jsonBody(ExtractDataBody, undefined, {
      tableName: "cc_event_data",
      fromDate: "2024-01-01",
      filters: { site: "Site 01 Boston" },
      sort: "subject, event_date desc",
    }),
  },
  responses: {
    200: {
      description: "The rows, as a JSON array (or NDJSON / CSV).",
      content: {
        "application/json": { schema: z.array(z.record(z.string(), z.unknown())) },
        "application/x-ndjson": { schema: z.string() },
        "text/csv": { schema: z.string() },
      },
    },
    ...problemResponses(400, 401, 403, 413, 429, 503),
  },
});

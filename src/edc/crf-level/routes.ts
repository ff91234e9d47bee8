import { createRoute, z } from "@hono/zod-openapi";
import { EDC_SECURITY, jsonBody, problemResponses, ZIP_RESPONSE } from "../../lib/openapi-schemas";
import { CrfLevelBody } from "./schemas";

const COMMON = [
  "Reads the `cross_event_crf_data` view: one row per event CRF that has at least one non-removed, non-empty value.",
  "Row columns (E3 JSON keys): study, site_id, site, subject, event, event_ordinal, event_date, crf, crf_version, crf_status, event_crf_id, date_updated, then one per item of the CRF in section ordinal, then item_form_metadata ordinal order. E4 CSV header (§4.5, docs/clearclinica.md): site, subject, event, event_ordinal, crf, crf_version, crf_status, date_updated, then the same items.",
  "Repeating groups: row 1 of a group uses the bare item names; rows 2..n add `ITEM_n` columns (all the group's items for row 2, then row 3, …) right after row 1, as many as the selected data holds.",
  "`filters`: column or item name → value (`=`), array (`IN`) or null (`IS NULL`); `filtersNotIn`: column or item → `a|b|c` (or an array): rows whose value is none of them (missing values included).",
  "Dates apply to the event CRF's date_updated (the latest COALESCE(date_updated, date_created) of its values), inclusive; a date-only toDate means the end of that day (UTC).",
  "Site-role callers get only their sites' rows, subject-role callers only their own subject's.",
].join(" ");

export const extractCrfLevel = createRoute({
  method: "post",
  path: "/edc/study/extract-study-data-at-crf-level",
  operationId: "edcExtractCrfLevel",
  tags: ["EDC"],
  summary: "EDC data at CRF level as JSON keyed by CRF name (E3), only CRFs with data, streamed.",
  description: `${COMMON} The answer is \`{"<CRF name>": [row, …], …}\` (\`{}\` when nothing matches). If the database fails after streaming began, the JSON is left truncated (invalid) and the error is logged with the request id.`,
  security: EDC_SECURITY,
  request: { body: jsonBody(CrfLevelBody, undefined, { fromDate: "2024-01-01", filters: { site: "Site 01 Boston" } }) },
  responses: {
    200: {
      description: "Rows per CRF.",
      content: { "application/json": { schema: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))) } },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429, 503),
  },
});

export const extractCrfLevelToCsvs = createRoute({
  method: "post",
  path: "/edc/study/extract-study-data-at-crf-level-to-csvs",
  operationId: "edcExtractCrfLevelToCsvs",
  tags: ["EDC"],
  summary: "EDC data at CRF level as a zip with one CSV per CRF that has data (E4).",
  description: `${COMMON} Each CSV is \`<CRF name>.csv\` (characters other than letters, digits, \`.\`, \`_\`, \`-\` become \`_\`), RFC 4180, UTF-8, CRLF, header always present. All CSVs come from one read-only snapshot. The zip is built into R2; the answer carries it and a signed \`Link\` to fetch it again without a token.`,
  security: EDC_SECURITY,
  request: { body: jsonBody(CrfLevelBody, undefined, { fromDate: "2024-01-01", filters: { site: "Site 01 Boston" } }) },
  responses: {
    200: ZIP_RESPONSE,
    ...problemResponses(400, 401, 403, 404, 413, 429, 503),
  },
});

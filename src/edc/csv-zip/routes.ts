import { createRoute } from "@hono/zod-openapi";
import { EDC_SECURITY, jsonBody, problemResponses, ZIP_RESPONSE } from "../../lib/openapi-schemas";
import { CrfLevelBody } from "../crf-level/schemas";

export const downloadCsvsData = createRoute({
  method: "post",
  path: "/edc/study/download-csvs-data",
  operationId: "edcDownloadCsvsData",
  tags: ["EDC"],
  summary: "EDC study data as a zip with one CSV per event definition × CRF (E2).",
  description: [
    "One CSV per event definition × CRF of the study design, named `<event>__<crf>.csv` (characters other than letters, digits, `.`, `_`, `-` become `_`), present even when no row matches (header only).",
    "Header (§4.7, docs/clearclinica.md): study, site, subject, event, event_ordinal, event_date, crf_version, crf_status, date_updated, then the CRF's items in section ordinal, then item_form_metadata ordinal order. One row per event CRF with data (subject × event repeat).",
    "Repeating groups: row 1 of a group uses the bare item names; rows 2..n add `ITEM_n` columns (all the group's items for row 2, then row 3, …) right after row 1, as many as that file's data holds.",
    "Optional body as extract-study-data-at-crf-level: `fromDate`/`toDate` on the event CRF's date_updated (inclusive; a date-only toDate is the end of that day, UTC), `filters`, `filtersNotIn` (`a|b`).",
    "Site-role callers get only their sites' rows, subject-role callers only their own subject's (every file of the design is still listed).",
    'RFC 4180, UTF-8, CRLF. All CSVs come from one read-only snapshot. The zip is streamed into R2 (multipart, constant memory); the answer is the zip plus `Link: <signed url>; rel="alternate"` to fetch it again without a token until the link expires.',
  ].join(" "),
  security: EDC_SECURITY,
  request: { body: jsonBody(CrfLevelBody, undefined, { fromDate: "2024-01-01", filters: { site: "Site 01 Boston" } }) },
  responses: {
    200: ZIP_RESPONSE,
    ...problemResponses(400, 401, 403, 404, 413, 429, 503),
  },
});

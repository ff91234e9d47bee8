import { createRoute } from "@hono/zod-openapi";
import { ACCEPTED, JOBS } from "../../edc/exports/routes";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { FlaskExportCreateBody } from "./schemas";

export const createFlaskExport = createRoute({
  method: "post",
  path: "/flask/exports",
  operationId: "flaskExportCreate",
  tags: ["Flask"],
  summary: "Start an export job of a Flask zip (Forms study data CSVs, or a month's billing reports) that runs outside the request.",
  description: [
    "`kind` picks the zip, `params` is its streaming route's body, checked as that route checks it (same 400/403/404; nothing is stored then):",
    "`study-event-csvs` is extract-study-event-data-to-CSV (the study's forms in the caller's site or subject scope),",
    "`billing-reports` is download-billing-reports (customer admins and API users, billing feature on).",
    "The job is then an export job like the EDC ones: follow `Location` (GET /edc/exports/{id}), cancel with DELETE, list with GET /edc/exports.",
    "Form documents are read by id up to the largest one when the job was created; each report file by byte ranges.",
    JOBS,
  ].join(" "),
  security: TOKEN_SECURITY,
  request: { body: jsonBody(FlaskExportCreateBody, undefined, { kind: "study-event-csvs", params: { study_id: 101 } }) },
  responses: { 202: ACCEPTED, ...problemResponses(400, 401, 403, 404, 413, 429, 503) },
});

import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env";
import { requireCaller } from "../../auth/middleware";
import { EDC_SECURITY, jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { requireEdc } from "../context";
import { ExportCreateBody, ExportJob, ExportList, JobIdParam, ListQuery, SendEmailBody } from "./schemas";

/** The list takes an optional `EDC` header: when present it is checked like on every /edc route and narrows the list to that database. */
const optionalEdc: MiddlewareHandler<AppEnv> = (c, next) => (c.req.header("edc") ? requireEdc(c, next) : next());

export const ACCEPTED = {
  description: "Accepted: the job is queued. `Location` names it.",
  headers: z.object({ location: z.string() }),
  content: {
    "application/json": {
      schema: z.object({
        id: z.string(),
        status: z.literal("queued"),
        links: z.object({ self: z.string() }),
        recipients: z.number().int().optional(),
      }),
    },
  },
};

export const JOBS = [
  "A job runs as a Cloudflare Workflow: each step reads one keyset slice (rows above the previous slice's last key and at or below the largest key seen when the job was created: one snapshot, nothing counted twice or skipped) and uploads it as one part of an R2 multipart upload (5 MiB each, the last smaller).",
  "A failed step is retried from its own slice; the same slice always writes the same bytes under the same part number.",
  "Rows are in keyset order (the primary key; `event_crf_id` for the CRF-level kinds). Zips of a job store their CSVs uncompressed.",
].join(" ");

export const createExport = createRoute({
  method: "post",
  path: "/edc/exports",
  operationId: "edcExportCreate",
  middleware: [requireCaller, requireEdc] as const,
  tags: ["EDC"],
  summary: "Start an export job (extract-data, CRF-level JSON or CSVs, study data CSVs) that runs outside the request.",
  description: [
    "`kind` picks the extract; `params` is that extract's usual body (checked as the streaming route checks it: a bad one answers 400 and no job is made). `format` (extract-data only): json, ndjson or csv.",
    "extract-data needs a table with a one-column primary key (or `cross_event_crf_data`), and no `sort`.",
    "`notify.emails`: each gets a mail with the signed link when the job is done.",
    JOBS,
  ].join(" "),
  security: EDC_SECURITY,
  request: {
    body: jsonBody(ExportCreateBody, undefined, {
      kind: "extract-data",
      params: { tableName: "cc_event_data", fromDate: "2024-01-01T00:00:00.000Z" },
      format: "csv",
      notify: { emails: ["data.manager@demo.test"] },
    }),
  },
  responses: { 202: ACCEPTED, ...problemResponses(400, 401, 403, 404, 413, 429, 503) },
});

export const getExport = createRoute({
  method: "get",
  path: "/edc/exports/{id}",
  operationId: "edcExportGet",
  middleware: [requireCaller] as const,
  tags: ["EDC"],
  summary: "An export job of the caller: status, progress and, when done, a signed download link.",
  description:
    "Another user's or customer's job answers 404. Reading a queued or running job that has not moved for 30 s wakes its Workflow instance (a no-op on Cloudflare, where instances resume by themselves; under wrangler dev it resumes a job whose server was killed).",
  security: TOKEN_SECURITY,
  request: { params: JobIdParam },
  responses: {
    200: { description: "The job.", content: { "application/json": { schema: ExportJob } } },
    ...problemResponses(401, 404, 429),
  },
});

export const cancelExport = createRoute({
  method: "delete",
  path: "/edc/exports/{id}",
  operationId: "edcExportCancel",
  middleware: [requireCaller] as const,
  tags: ["EDC"],
  summary: "Cancel an export job of the caller; its partial upload is discarded at the next slice.",
  description: "A queued or running job becomes `cancelled`; a finished one answers 409.",
  security: TOKEN_SECURITY,
  request: { params: JobIdParam },
  responses: {
    200: { description: "The job, cancelled.", content: { "application/json": { schema: ExportJob } } },
    ...problemResponses(401, 404, 409, 429),
  },
});

export const listExports = createRoute({
  method: "get",
  path: "/edc/exports",
  operationId: "edcExportList",
  middleware: [requireCaller, optionalEdc] as const,
  tags: ["EDC"],
  summary: "The caller's export jobs, newest first, keyset-paged (`cursor` from the previous page's `next`).",
  description: "With an `EDC` header (checked as on every /edc route), only the jobs of that EDC database.",
  security: TOKEN_SECURITY,
  request: { query: ListQuery },
  responses: {
    200: { description: "A page of jobs.", content: { "application/json": { schema: ExportList } } },
    ...problemResponses(400, 401, 429),
  },
});

export const sendEmailWithStudyData = createRoute({
  method: "post",
  path: "/edc/study/send-email-with-study-data-csvs",
  operationId: "edcSendEmailWithStudyDataCsvs",
  middleware: [requireCaller, requireEdc] as const,
  tags: ["EDC"],
  summary: "Mail the study data CSVs (E2's zip) to `emails` as a signed link (E5), through an export job.",
  description: [
    "Body: `emails` (1–20) and, optionally, the filters of extract-study-data-at-crf-level. Answers 202 with the job; each recipient gets a mail with a signed, expiring link (never an attachment) when it is done.",
    "Recipients must be users of the caller's customer unless the customer allows other addresses (feature `export_email_any_address`): else 403 naming them.",
    JOBS,
  ].join(" "),
  security: EDC_SECURITY,
  request: { body: jsonBody(SendEmailBody, undefined, { emails: ["data.manager@demo.test"] }) },
  responses: { 202: ACCEPTED, ...problemResponses(400, 401, 403, 404, 413, 429, 503) },
});

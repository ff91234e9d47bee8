import { createRoute, z } from "@hono/zod-openapi";
import { jsonMap } from "../../lib/json-map";
import { jsonBody, problemResponses, TOKEN_SECURITY, ZIP_RESPONSE } from "../../lib/openapi-schemas";
import { Id, IsoDate } from "../schemas";
import { withAliases } from "../../lib/aliases";
import { dateOrder } from "../../lib/iso-date";

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const ExtractDataToJsonBody = z
  .preprocess(
    withAliases({ table_name: "tableName", from_date: "fromDate", to_date: "toDate", study_ids: "studyIds" }),
    z.object({
      tableName: z
        .string()
        .min(1)
        .max(200)
        .openapi({ example: "studies", description: "A Flask table or view with customer_id (see the description)." }),
      studyIds: z
        .array(Id)
        .max(1000)
        .optional()
        .openapi({ example: [101] }),
      filters: jsonMap(z.string().max(100), z.union([Scalar, z.null(), z.array(Scalar).min(1).max(1000)]), 30, "filters")
        .optional()
        .openapi({ description: "column → value (`=`), array (`IN`) or null (`IS NULL`)", example: { status: "active" } }),
      fromDate: IsoDate.optional(),
      toDate: IsoDate.optional(),
    }),
  )
  .refine(dateOrder, { message: "fromDate must not be after toDate", path: ["fromDate"] });

export const extractDataToJson = createRoute({
  method: "post",
  path: "/flask/customer/extract-data-to-json",
  operationId: "flaskExtractDataToJson",
  tags: ["Flask"],
  summary: "Extract a Flask table or view of your customer (F1), streamed.",
  description: [
    "Tables and views: studies, study_metadata, sites, subjects, device_logs, forms, forms_crf_data, study_users, site_users, users (no credentials),",
    "billing_reports_customer, audit_user_login, audit_trail. Always restricted to the caller's customer; study and site roles see only their studies / sites",
    "(relations without study_id are refused to them). Dates apply to COALESCE(date_updated, date_created), inclusive; a date-only toDate is the end of that day (UTC).",
    "Rows are read in keyset pages of 500 and streamed, ordered by id; with fromDate/toDate on device_logs, forms_crf_data, audit_user_login and audit_trail",
    "ordered by (date, id) instead, read through their date index. `Accept: application/x-ndjson` streams NDJSON.",
  ].join(" "),
  security: TOKEN_SECURITY,
  request: { body: jsonBody(ExtractDataToJsonBody, undefined, { tableName: "studies", filters: { status_id: 1 } }) },
  responses: {
    200: {
      description: "The rows, ordered by id (or by date, then id: see the description).",
      content: {
        "application/json": { schema: z.array(z.record(z.string(), z.unknown())) },
        "application/x-ndjson": { schema: z.string() },
      },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

export const DownloadBillingBody = z.preprocess(
  withAliases({ billing_date: "billingDate" }),
  z.object({
    billingDate: z
      .union([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM or an ISO date"), IsoDate])
      .openapi({ example: "2026-10-15", description: "Any day of the month, or YYYY-MM." }),
  }),
);

export const downloadBillingReports = createRoute({
  method: "post",
  path: "/flask/customer/download-billing-reports",
  operationId: "flaskDownloadBillingReports",
  tags: ["Flask"],
  summary: "Zip of the month's billing report files of your customer (F2).",
  description:
    "Customer admins / API users only. 403 `feature_disabled` when the customer's billing report feature is off; 404 `no_reports` when the month has none.",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(DownloadBillingBody, undefined, { billingDate: "2026-10" }) },
  responses: {
    200: ZIP_RESPONSE,
    ...problemResponses(400, 401, 403, 404, 413, 429, 503),
  },
});

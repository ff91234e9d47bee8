import { createRoute, z } from "@hono/zod-openapi";
import { jsonMap } from "../../lib/json-map";
import { EDC_SECURITY, jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { Id, IsoDate } from "../schemas";
import { withAliases } from "../../lib/aliases";
import { dateOrder } from "../../lib/iso-date";

export const DeviceLog = z
  .object({
    id: z.number().int(),
    customer_id: z.number().int(),
    study_id: z.number().int(),
    device_id: z.string().nullable(),
    subject_label: z.string().nullable(),
    log_type: z.string().nullable(),
    payload: z.unknown().openapi({ description: "The JSON the client sent, as stored." }),
    log_date: z.string(),
    created_by: z.number().int().nullable(),
    date_created: z.string(),
  })
  .openapi("DeviceLog");

export const GetLogsBody = z
  .preprocess(
    withAliases({ study_id: "studyId", from_date: "fromDate", to_date: "toDate", device_id: "deviceId" }),
    z.object({
      studyId: Id.openapi({ example: 101 }),
      fromDate: IsoDate.optional(),
      toDate: IsoDate.optional(),
      deviceId: z.string().min(1).max(200).optional().openapi({ example: "DEV-0001" }),
      limit: z.number().int().min(1).max(1000).default(100),
      cursor: z.string().min(1).max(4096).optional().openapi({ description: "The `Next-Cursor` response header of the previous page." }),
      offset: z
        .unknown()
        .optional()
        .openapi({ description: "Not offered: pages are keyset pages (400 naming `cursor`), so a deep page costs what the first does." }),
    }),
  )
  .refine(dateOrder, { message: "fromDate must not be after toDate", path: ["fromDate"] })
  .refine((b) => b.offset === undefined, {
    message: "offset paging is not offered: pass the previous page's Next-Cursor response header as cursor",
    path: ["offset"],
  });

export const getLogs = createRoute({
  method: "post",
  path: "/flask/device/get-logs",
  operationId: "flaskGetLogs",
  tags: ["Flask"],
  summary: "Device logs of a study (F3), a keyset page at a time.",
  description:
    "An array of log rows (F3, docs/flaskdata.md), ordered by (log_date, id). Dates bound log_date, inclusive (a date-only toDate is the end of that day, UTC). " +
    "When more rows follow, the `Next-Cursor` response header holds an opaque cursor: send it back as `cursor` for the next page; the last page has no such header. Site-role users see the logs of their sites' subjects.",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(GetLogsBody, undefined, { studyId: 101, fromDate: "2026-01-01", deviceId: "DEV-0001", limit: 100 }) },
  responses: {
    200: {
      description: "One page of logs.",
      headers: z.object({
        "next-cursor": z.string().optional().openapi({ description: "Cursor of the next page; absent on the last page." }),
      }),
      content: { "application/json": { schema: z.array(DeviceLog).openapi("DeviceLogPage") } },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

export const InsertLogBody = z.preprocess(
  withAliases({ device_id: "deviceId", subject_label: "subjectLabel", log_type: "logType", log_date: "logDate", study_id: "studyId" }),
  z.object({
    deviceId: z.string().min(1).max(200).optional(),
    subjectLabel: z.string().min(1).max(200).optional(),
    logType: z.string().min(1).max(200).optional(),
    logDate: IsoDate.optional().openapi({ description: "Defaults to now." }),
    studyId: Id.optional().openapi({ description: "When given, must be the study the EDC header resolves to." }),
    payload: jsonMap(z.string(), z.unknown(), 10_000, "payload keys")
      .optional()
      .openapi({ description: "Free-form key/value pairs, stored as sent.", example: { battery: 81, steps: 1200 } }),
  }),
);

export const insertLog = createRoute({
  method: "post",
  path: "/flask/device/insert-log",
  operationId: "flaskInsertLog",
  tags: ["Flask"],
  summary: "Insert a device log (F4); the study comes from the `EDC` header (its dbname).",
  description: [
    "400 when the EDC header is absent; 403 when no study of your customer (in your scope) uses that dbname; 409 `study_closed` when that study is closed.",
    "Subject-role users log under their own subject label only (implied when absent, 403 for another); site-role users must name a subject",
    "of one of their sites (400 without subjectLabel, 404 unknown subject, 403 a subject of another site); other roles any label or none.",
  ].join(" "),
  security: EDC_SECURITY,
  request: {
    body: jsonBody(InsertLogBody, undefined, {
      deviceId: "DEV-0001",
      subjectLabel: "DEMO-S01-001",
      logType: "sync",
      payload: { battery: 81, steps: 1200 },
    }),
  },
  responses: {
    201: {
      description: "Stored.",
      content: { "application/json": { schema: z.object({ id: z.number().int(), study_id: z.number().int() }) } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 429),
  },
});

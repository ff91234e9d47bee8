import { createRoute, z } from "@hono/zod-openapi";
import { jsonMap } from "../../lib/json-map";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { CrfValues } from "../crf/routes";
import { Id } from "../schemas";
import { withAliases } from "../../lib/aliases";

/** Fields of a long-format row (one per CRF item value). */
export const LONG_FIELDS = [
  "_id",
  "study_id",
  "subject",
  "site_id",
  "event",
  "crf",
  "crf_data_id",
  "item",
  "item_type",
  "value",
  "status",
  "eventDate",
  "date_updated",
] as const;

export const PartialExtractBody = z.preprocess(
  withAliases({ studyId: "study_id" }),
  z.object({
    study_id: Id.openapi({ example: 101 }),
    columns: jsonMap(z.string().max(50), z.union([z.literal(0), z.literal(1)]), 100, "columns")
      .optional()
      .openapi({
        description: "Mongo-style projection: 1 includes only those fields (and _id unless `_id: 0`), 0 excludes.",
        example: { _id: 0, crf: 1, event: 1, value: 1 },
      }),
    filters: jsonMap(z.string().max(50), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]), 50, "filters")
      .optional()
      .openapi({
        description: "date_from / date_to (on eventDate, inclusive), and equality on any row field.",
        example: { crf: "Vitals", date_from: "2026-01-01" },
      }),
  }),
);

export const partialExtract = createRoute({
  method: "post",
  path: "/data-server/data/extract/partial-extract-study-event-data-to-json",
  operationId: "dataServerPartialExtract",
  tags: ["Data server"],
  summary: "Forms data of a study in long format (one row per item value), streamed.",
  description: `Row fields: ${LONG_FIELDS.join(", ")}. \`Accept: application/x-ndjson\` streams NDJSON.`,
  security: TOKEN_SECURITY,
  request: { body: jsonBody(PartialExtractBody, undefined, { study_id: 101, filters: { crf: "Vitals", date_from: "2026-01-01" } }) },
  responses: {
    200: {
      description: "The rows.",
      content: {
        "application/json": { schema: z.array(z.record(z.string(), z.unknown())) },
        "application/x-ndjson": { schema: z.string() },
      },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

export const GroupedExtractBody = z.preprocess(
  withAliases({ studyId: "study_id", crfs: "CRFs" }),
  z.object({
    study_id: Id.openapi({ example: 101 }),
    from_last_extract: z.boolean().optional().openapi({ description: "Accepted; every matching document is returned." }),
    CRFs: z
      .array(z.string().min(1).max(200))
      .max(500)
      .optional()
      .openapi({ description: "CRF names (or form ids) to include; all when absent.", example: ["Vitals"] }),
    include_deactivated_crfs: z.boolean().default(false),
    include_started_crfs: z.boolean().default(true),
    include_closed_crfs: z.boolean().default(true),
    group_by: z.literal("subject").default("subject"),
    values_as_object: z.boolean().default(true),
    include_all_crf_versions: z.boolean().optional(),
  }),
);

export const groupedExtract = createRoute({
  method: "post",
  path: "/data-server/data/extract/extract-grouped-study-event-data-to-json",
  operationId: "dataServerGroupedExtract",
  tags: ["Data server"],
  summary: "Forms data of a study grouped by subject, streamed.",
  description:
    "An array of `{subject, site_id, events:[{event, crfs:[{crf, crfDataId, status, values}]}]}`; `values` is an object, or `[{item, value}]` when values_as_object is false.",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(GroupedExtractBody, undefined, { study_id: 101, CRFs: ["Vitals"], values_as_object: true }) },
  responses: {
    200: {
      description: "One entry per subject.",
      content: {
        "application/json": { schema: z.array(z.record(z.string(), z.unknown())) },
        "application/x-ndjson": { schema: z.string() },
      },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

export const CreateEventCrfsBody = z.preprocess(
  withAliases({ studyId: "study_id", event_name: "eventName", subject_label: "subjectLabel", subject_id: "subjectId", crfs: "CRFs" }),
  z.object({
    study_id: Id.openapi({ example: 101 }),
    eventName: z.string().trim().min(1).max(200).openapi({ example: "Week 1" }),
    subjectLabel: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Implied for subject-role tokens.", example: "DEMO-S01-001" }),
    subjectId: Id.optional(),
    CRFs: jsonMap(z.string().min(1).max(200), CrfValues, 50, "CRFs").openapi({ example: { Vitals: { SYSBP: 120, WEIGHT: 71.5 } } }),
  }),
);

const createEventCrfsRoute = <P extends string>(path: P, operationId: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    operationId,
    tags: ["Data server"],
    summary,
    description: [
      "One request, one D1 batch: the event is created when the subject has none named `eventName`, then every CRF of `CRFs`",
      "with its values; any error stores nothing. 404 `crf_not_found` for a form the study lacks, 409 `crf_exists` when the",
      "event already has it, 400 `invalid_crf_data` for values that do not fit.",
    ].join(" "),
    security: TOKEN_SECURITY,
    request: {
      body: jsonBody(CreateEventCrfsBody, undefined, {
        study_id: 101,
        eventName: "Week 1",
        subjectLabel: "DEMO-S01-001",
        CRFs: { Vitals: { SYSBP: 120, WEIGHT: 71.5 } },
      }),
    },
    responses: {
      201: {
        description: "Stored.",
        content: {
          "application/json": {
            schema: z.object({ eventId: z.number().int(), subject_label: z.string(), crfDataIds: z.record(z.string(), z.string()) }),
          },
        },
      },
      ...problemResponses(400, 401, 403, 404, 409, 413, 429),
    },
  });

export const createEventCrfs = createEventCrfsRoute(
  "/data-server/data/create/create-event-crfs-and-insert-data",
  "dataServerCreateEventCrfs",
  "Create an event (when missing) with several CRFs and their data.",
);

/** apiflows.md spells the same operation with `crf` in the singular; clients written from it work unchanged. */
export const createEventCrfsApiflowsPath = createEventCrfsRoute(
  "/data-server/data/create/create-event-crf-and-insert-data",
  "dataServerCreateEventCrfApiflows",
  "Create an event with several CRFs and their data (the spelling of FlaskData's apiflows guide for create-event-crfs-and-insert-data).",
);

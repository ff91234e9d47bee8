import { createRoute, z } from "@hono/zod-openapi";
import { jsonMap } from "../../lib/json-map";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { Id } from "../schemas";
import { withAliases } from "../../lib/aliases";

const Name = z.string().trim().min(1).max(200);
export const CrfValues = jsonMap(z.string().min(1).max(200), z.unknown(), 1000, "items").openapi({
  description: "ITEM_VARIABLE → value: numbers as JSON numbers, booleans true/false, dates as strings, codes as their code values.",
  example: { AGE: 42, SEX: 1, CONSENT_DATE: "2026-03-01" },
});

const ALIASES = {
  studyId: "study_id",
  subjectLabel: "subject_label",
  subjectId: "subject_id",
  eventName: "event_name",
  crfName: "crf_name",
  crfData: "crf_data",
  crf_data_id: "crfDataId",
};

export const CreateCrfBody = z.preprocess(
  withAliases(ALIASES),
  z.object({
    study_id: Id.openapi({ example: 101 }),
    subject_label: Name.optional().openapi({ example: "DEMO-S01-001", description: "Implied for subject-role callers." }),
    event_name: Name.openapi({ example: "Screening" }),
    crf_name: Name.openapi({ example: "Demographics" }),
    crf_data: CrfValues,
  }),
);

const CreatedCrf = z.object({ crfDataId: z.string(), eventId: z.number().int(), subject_label: z.string() }).openapi("CreatedCrf");

const createResponses = {
  201: { description: "Stored.", content: { "application/json": { schema: CreatedCrf } } },
  ...problemResponses(400, 401, 403, 404, 409, 413, 429),
};

const CRF_EXAMPLE = {
  study_id: 101,
  subject_label: "DEMO-S01-001",
  event_name: "Screening",
  crf_name: "Demographics",
  crf_data: { AGE: 42, SEX: 1 },
};

export const createCrf = createRoute({
  method: "post",
  path: "/flask/crf/create-CRF-and-insert-data",
  operationId: "flaskCreateCrf",
  tags: ["Flask Forms"],
  summary: "Create a CRF with data in an existing event of a subject (F9).",
  description:
    "404 `event_not_found` when the subject has no such event; 409 `crf_exists` when the event already has this CRF; 400 `invalid_crf_data` for values that do not fit the form's item types.",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(CreateCrfBody, undefined, CRF_EXAMPLE) },
  responses: createResponses,
});

export const createEventCrf = createRoute({
  method: "post",
  path: "/flask/crf/create-event-CRF-and-insert-data",
  operationId: "flaskCreateEventCrf",
  tags: ["Flask Forms"],
  summary: "Create the event (when missing), a CRF and its data (F10).",
  description: [
    "Like create-CRF-and-insert-data, but the subject's event is created when it has none of that name.",
    "404 `crf_not_found` when the study has no such form; 409 `crf_exists` when the event already has this CRF;",
    "400 `invalid_crf_data` lists each value that does not fit the form.",
  ].join(" "),
  security: TOKEN_SECURITY,
  request: { body: jsonBody(CreateCrfBody, undefined, CRF_EXAMPLE) },
  responses: createResponses,
});

export const GetCrfIdsBody = z.preprocess(
  withAliases(ALIASES),
  z.object({
    study_id: Id.openapi({ example: 101 }),
    subject_label: Name.optional().openapi({ example: "DEMO-S01-001" }),
    subject_id: Id.optional(),
    crf_name: Name.openapi({ example: "Demographics" }),
    event_name: Name.optional(),
  }),
);

export const getCrfIds = createRoute({
  method: "post",
  path: "/flask/crf/get-CRF-data-ids",
  operationId: "flaskGetCrfDataIds",
  tags: ["Flask Forms"],
  summary: "A subject's CRF data ids for a CRF name (F11).",
  description: [
    "Name the subject by `subject_label` or `subject_id` (implied for subject-role callers, who may only read their own).",
    "`event_name` narrows to one event. 404 `subject_not_found` when the subject is not in the study.",
  ].join(" "),
  security: TOKEN_SECURITY,
  request: { body: jsonBody(GetCrfIdsBody, undefined, { study_id: 101, subject_label: "DEMO-S01-001", crf_name: "Demographics" }) },
  responses: {
    200: {
      description: "The ids, oldest first.",
      content: {
        "application/json": {
          schema: z.object({
            crfDataIds: z.array(z.string()),
            crfs: z.array(
              z.object({
                crfDataId: z.string(),
                event_name: z.string(),
                crf_name: z.string(),
                status: z.string(),
                date_created: z.string(),
                date_updated: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

export const UpdateCrfBody = z.preprocess(
  withAliases(ALIASES),
  z.object({
    crfDataId: z.string().trim().min(1).max(100).openapi({ example: "K3Q9ZP0A7B" }),
    crf_data: CrfValues.openapi({ description: "Items to set (others keep their values); null clears an item." }),
    status: z.enum(["Started", "Closed"]).optional().openapi({ description: "Closed makes the CRF read-only." }),
  }),
);

export const updateCrf = createRoute({
  method: "post",
  path: "/flask/crf/update-CRF-data",
  operationId: "flaskUpdateCrfData",
  tags: ["Flask Forms"],
  summary: "Update a CRF data document by its id (F12).",
  description: "409 `crf_closed` when the CRF is closed, `study_closed` when its study is.",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(UpdateCrfBody, undefined, { crfDataId: "K3Q9ZP0A7B", crf_data: { AGE: 43 }, status: "Closed" }) },
  responses: {
    200: {
      description: "The stored document.",
      content: {
        "application/json": {
          schema: z.object({ crfDataId: z.string(), status: z.string(), crf_data: z.record(z.string(), z.unknown()) }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 429),
  },
});

import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, problemResponses, TOKEN_SECURITY, ZIP_RESPONSE } from "../../lib/openapi-schemas";
import { Id } from "../schemas";
import { withAliases } from "../../lib/aliases";

export const StudyIdBody = z.preprocess(withAliases({ studyId: "study_id" }), z.object({ study_id: Id.openapi({ example: 101 }) }));

const zipResponses = {
  200: ZIP_RESPONSE,
  ...problemResponses(400, 401, 403, 404, 413, 429, 503),
};

const DESCRIPTION =
  "A zip with one CSV per Forms CRF of the study: subject_label, site, event_name, crf_data_id, status, date_created, date_updated, then the CRF's items in order. Site-role users get their sites' rows, subjects their own.";

export const extractStudyEventCsv = createRoute({
  method: "post",
  path: "/flask/subject/extract-study-event-data-to-CSV",
  operationId: "flaskExtractStudyEventDataToCsv",
  tags: ["Flask Forms"],
  summary: "All Forms data of a study as CSV files in a zip.",
  description: DESCRIPTION,
  security: TOKEN_SECURITY,
  request: { body: jsonBody(StudyIdBody, undefined, { study_id: 101 }) },
  responses: zipResponses,
});

export const dataServerExtractCsv = createRoute({
  method: "post",
  path: "/data-server/data/extract/extract-study-event-data-to-CSV",
  operationId: "dataServerExtractStudyEventDataToCsv",
  tags: ["Data server"],
  summary: "All Forms data of a study as CSV files in a zip (data-server path).",
  description: DESCRIPTION,
  security: TOKEN_SECURITY,
  request: { body: jsonBody(StudyIdBody, undefined, { study_id: 101 }) },
  responses: zipResponses,
});

export const CreateSubjectBody = z.preprocess(
  withAliases({ studyId: "study_id", siteId: "site_id" }),
  z.object({
    study_id: Id.openapi({ example: 101 }),
    site_id: Id.openapi({ example: 1001 }),
    label: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, "letters, digits, _ . -")
      .optional()
      .openapi({ description: "Calculated (prefix + mask, §3.6) when absent." }),
    email: z.email().max(300).optional(),
    phone: z.string().trim().max(50).optional(),
    first_name: z.string().trim().max(200).optional(),
    last_name: z.string().trim().max(200).optional(),
  }),
);

export const createSubject = createRoute({
  method: "post",
  path: "/flask/subject/create-subject",
  operationId: "flaskCreateSubject",
  tags: ["Flask"],
  summary: "Create a Flask subject at a site; its label is calculated when absent (§3.6).",
  description:
    "Labels are unique within the study (409 `duplicate_label`). Customer admins, study-role users (their studies) and site-role users (their sites).",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(CreateSubjectBody, undefined, { study_id: 101, site_id: 1001, first_name: "Ana", last_name: "Silva" }) },
  responses: {
    201: {
      description: "Created.",
      content: {
        "application/json": {
          schema: z.object({ id: z.number().int(), study_id: z.number().int(), site_id: z.number().int(), label: z.string() }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 429),
  },
});

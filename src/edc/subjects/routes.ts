import { createRoute } from "@hono/zod-openapi";
import { EDC_SECURITY, jsonBody, problemResponses } from "../../lib/openapi-schemas";
import { CreateSubjectBody, CreateSubjectResponse } from "./schemas";

export const createSubject = createRoute({
  method: "post",
  path: "/edc/subjects/create-subject",
  operationId: "edcCreateSubject",
  tags: ["EDC"],
  summary: "Create a subject in the EDC database (E6) and return its study_subject_id.",
  description: [
    "Writes `subject`, `study_subject` and ClinCapture's `audit_log_event` rows in one EDC transaction, as ClinCapture's AddNewSubjectServlet does (§4.8, docs/clearclinica.md).",
    "The site is `site` (unique identifier) or `siteId` (EDC study_id); site-role users default to their only site and may use only their own; without a site the subject joins the study itself.",
    "Labels: trimmed, 1–30 characters, unique among the active subjects of the study and all its sites (409 `duplicate_label` naming it).",
    "Without `label` the next number of the site's counter (`study_subject_id` table) gives `<SITE>-<NNN>`, skipping labels already taken; the study's `subjectIdGeneration` may require (`manual`) or forbid (`auto-non-editable`) a label.",
    "`oc_oid` is `SS_` + the first 8 letters/digits of the upper-cased label, suffixed `_NNNNNNN` from `study_subject_oid_id_seq` when taken.",
    "`personId` must be unique in the study (409 `duplicate_person_id`). Enrollment date defaults to now.",
    "TrialEdge's audit row is appended before the EDC commit: if it cannot be written nothing is created.",
  ].join(" "),
  security: EDC_SECURITY,
  request: {
    body: jsonBody(CreateSubjectBody, undefined, {
      site: "DEMO-S01",
      enrollmentDate: "2024-01-15",
      gender: "f",
      dateOfBirth: "1980-05-17",
      personId: "P-000123",
    }),
  },
  responses: {
    201: { description: "Created.", content: { "application/json": { schema: CreateSubjectResponse } } },
    ...problemResponses(400, 401, 403, 409, 413, 429, 503),
  },
});

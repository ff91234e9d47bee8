import { z } from "@hono/zod-openapi";
import { NO_CONTROL_OR_FORMAT_PATTERN, NO_CONTROL_PATTERN } from "../../lib/openapi-patterns";
import { withAliases } from "../../lib/aliases";
import { LABEL_MAX, LABEL_PATTERN } from "./labels";

/** `YYYY-MM-DD` that is a real calendar day. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= "1900-01-01";
  }, "is not a real date (1900 or later)");

const Label = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(LABEL_MAX, `must be at most ${LABEL_MAX} characters`)
  .regex(LABEL_PATTERN, "must not contain control characters")
  .openapi({ pattern: NO_CONTROL_OR_FORMAT_PATTERN });

export const CreateSubjectBody = z
  .preprocess(
    withAliases({
      site_id: "siteId",
      enrollment_date: "enrollmentDate",
      secondary_label: "secondaryLabel",
      date_of_birth: "dateOfBirth",
      person_id: "personId",
      study_subject_label: "label",
    }),
    z.object({
      label: Label.optional().openapi({
        description: "Study subject ID; generated from the site's counter when absent.",
        example: "DEMO-S01-100",
      }),
      site: z
        .string()
        .trim()
        .min(1)
        .max(30)
        .optional()
        .openapi({ description: "Site `unique_identifier` in the EDC.", example: "DEMO-S01" }),
      siteId: z.number().int().positive().optional().openapi({ description: "EDC `study_id` of the site.", example: 2 }),
      enrollmentDate: Day.optional().openapi({ example: "2024-01-15" }),
      secondaryLabel: z
        .string()
        .trim()
        .max(LABEL_MAX)
        .regex(/^[^\p{Cc}]*$/u, "must not contain control characters")
        .openapi({ pattern: NO_CONTROL_PATTERN })
        .optional(),
      gender: z
        .preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(["m", "f"]))
        .optional()
        .openapi({ example: "f" }),
      dateOfBirth: Day.optional().openapi({ example: "1980-05-17" }),
      personId: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .regex(/^[^\p{Cc}]*$/u, "must not contain control characters")
        .openapi({ pattern: NO_CONTROL_PATTERN })
        .optional()
        .openapi({ description: "Person ID (`subject.unique_identifier`), unique in the study.", example: "P-000123" }),
    }),
  )
  .refine((b) => !b.dateOfBirth || b.dateOfBirth <= new Date().toISOString().slice(0, 10), {
    message: "must not be in the future",
    path: ["dateOfBirth"],
  })
  .openapi("CreateSubjectRequest");

export type CreateSubjectInput = z.infer<typeof CreateSubjectBody>;

export const CreateSubjectResponse = z
  .object({
    study_subject_id: z.number().int(),
    label: z.string(),
    oc_oid: z.string(),
  })
  .openapi("CreateSubjectResponse");

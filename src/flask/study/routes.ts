import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { Id, IsoDate } from "../schemas";

const Text = (max = 500) => z.string().trim().min(1).max(max);

export const StudySchema = z
  .object({
    id: z.number().int(),
    customer_id: z.number().int(),
    brief_title: z.string(),
    official_title: z.string().nullable(),
    detailed_description: z.string().nullable(),
    sponsor: z.string().nullable(),
    url: z.string().nullable(),
    unique_protocolid: z.string(),
    dbname: z.string().nullable(),
    edc_url: z.string().nullable(),
    pro_enabled: z.boolean(),
    package: z.string().nullable(),
    subject_prefix_type: z.string(),
    subject_prefix_mask: z.string(),
    subject_numerator: z.number().int(),
    enrollment_target: z.number().int().nullable(),
    start_date: z.string().nullable(),
    completion_date: z.string().nullable(),
    status_id: z.number().int(),
    pi_user_id: z.number().int().nullable(),
    date_created: z.string(),
    date_updated: z.string().nullable(),
  })
  .openapi("FlaskStudy");

export const UpsertStudyBody = z
  .object({
    id: Id.optional().openapi({ description: "Update this study (404 when it is not yours); else upsert by unique_protocolid." }),
    brief_title: Text(300).optional().openapi({ example: "Demo Study" }),
    official_title: Text(1000).nullable().optional(),
    detailed_description: z.string().max(20000).nullable().optional(),
    sponsor: Text(300).nullable().optional(),
    url: z.url().max(1000).nullable().optional(),
    unique_protocolid: Text(100).optional().openapi({ example: "DEMO-003", description: "IRB number; unique in your account." }),
    dbname: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, "lower-case letters, digits and _")
      .nullable()
      .optional(),
    edc_url: z.url().max(1000).nullable().optional(),
    pro_enabled: z.boolean().optional(),
    package: z.enum(["Start", "Submit", "Validate"]).nullable().optional(),
    subject_prefix_type: z.enum(["study", "site"]).optional(),
    subject_prefix_mask: z
      .string()
      .regex(/^N{1,10}$/, "one to ten N")
      .optional(),
    enrollment_target: z.number().int().min(0).max(10_000_000).nullable().optional(),
    start_date: IsoDate.nullable().optional(),
    completion_date: IsoDate.nullable().optional(),
    status_id: z
      .union([z.literal(1), z.literal(2)])
      .optional()
      .openapi({ description: "1 active, 2 closed (read-only from then on)." }),
    pi_user_id: Id.nullable().optional(),
  })
  .strict();

export const createUpdateStudy = createRoute({
  method: "post",
  path: "/flask/study/create-update-flask-study",
  operationId: "flaskCreateUpdateStudy",
  tags: ["Flask"],
  summary: "Create or update a Flask study (F5).",
  description:
    "Customer admins / API users create and update; study-role users update their assigned studies. Closed studies are read-only (409 `study_closed`).",
  security: TOKEN_SECURITY,
  request: {
    body: jsonBody(UpsertStudyBody, undefined, {
      brief_title: "Demo Study 3",
      unique_protocolid: "DEMO-003",
      subject_prefix_type: "site",
      subject_prefix_mask: "NNN",
    }),
  },
  responses: {
    200: { description: "Updated.", content: { "application/json": { schema: StudySchema } } },
    201: { description: "Created.", content: { "application/json": { schema: StudySchema } } },
    ...problemResponses(400, 401, 403, 404, 409, 413, 429),
  },
});

export const StudyUserInput = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()).openapi({ example: "crc@demo.test" }),
    first_name: z.string().trim().max(200).optional(),
    last_name: z.string().trim().max(200).optional(),
    role: z.number().int().min(2).max(5).optional().openapi({
      description:
        "Flask role of the user (default 3 for a user created here) and of the assignment. A role (or edc_role) other than an existing user's changes that user's roles, which only a customer administrator may do (403 `role_change_forbidden` otherwise); it holds from the user's next request.",
    }),
    edc_role: z.number().int().min(1).max(99).optional(),
    phone: z.string().trim().max(50).optional(),
    site_ids: z.array(Id).max(100).optional().openapi({ description: "Sites of this study the user is assigned to (site role)." }),
  })
  .strict();

export const StudyUsersBody = z
  .object({
    study_id: Id.openapi({ example: 101 }),
    users: z.array(StudyUserInput).max(500),
  })
  .refine((b) => new Set(b.users.map((u) => u.email)).size === b.users.length, { message: "each email at most once", path: ["users"] });

export const createUpdateStudyUsers = createRoute({
  method: "post",
  path: "/flask/study/create-update-flask-study-users",
  operationId: "flaskCreateUpdateStudyUsers",
  tags: ["Flask"],
  summary: "Create missing users and replace the study's user assignments (F7).",
  description:
    "Users are matched by email and created when missing (never deleted). The study's study_users and its sites' site_users are replaced in one D1 batch: on any error nothing changes. 409 `email_unassignable` (naming the entries) for emails that cannot be assigned to the study; 409 `study_closed` for a closed study.",
  security: TOKEN_SECURITY,
  request: {
    body: jsonBody(StudyUsersBody, undefined, {
      study_id: 101,
      users: [{ email: "crc@demo.test", first_name: "Casey", last_name: "Reed", role: 4, site_ids: [1001] }],
    }),
  },
  responses: {
    200: {
      description: "The assigned users.",
      content: {
        "application/json": {
          schema: z.object({
            study_id: z.number().int(),
            users: z.array(z.object({ id: z.number().int(), email: z.string(), created: z.boolean() })),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 429),
  },
});

export const SubjectStudiesBody = z.object({
  subject_id: Id.openapi({ description: "The subject user's id (as GET /auth/self returns it).", example: 5 }),
});

export const subjectStudies = createRoute({
  method: "post",
  path: "/flask/study/subject-studies",
  operationId: "flaskSubjectStudies",
  tags: ["Flask"],
  summary: "Studies of a subject (F8).",
  description: "A subject-role caller may only ask for itself.",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(SubjectStudiesBody, undefined, { subject_id: 5 }) },
  responses: {
    200: {
      description: "The subject's studies.",
      content: {
        "application/json": {
          schema: z.array(
            z.object({
              study_id: z.number().int(),
              brief_title: z.string(),
              unique_protocolid: z.string(),
              official_title: z.string().nullable(),
              status_id: z.number().int(),
              status: z.string(),
              study_status_id: z.number().int(),
            }),
          ),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

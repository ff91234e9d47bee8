import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { Id } from "../schemas";

export const SiteSchema = z
  .object({
    id: z.number().int(),
    customer_id: z.number().int(),
    study_id: z.number().int(),
    name: z.string(),
    unique_identifier: z.string(),
    pi_name: z.string().nullable(),
    starting_subject_id: z.number().int(),
    subject_numerator: z.number().int(),
    edc_site_id: z.number().int().nullable(),
    status: z.string(),
    date_created: z.string(),
    date_updated: z.string().nullable(),
  })
  .openapi("FlaskSite");

export const UpsertSiteBody = z
  .object({
    id: Id.optional().openapi({
      description: "Update this site (404 when it is not yours); else upsert by (study_id, unique_identifier).",
    }),
    study_id: Id.optional().openapi({ example: 101 }),
    name: z.string().trim().min(1).max(300).optional().openapi({ example: "Site 03 Lyon" }),
    unique_identifier: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,50}$/, "letters, digits, _ and -")
      .optional()
      .openapi({ example: "DEMO-S03", description: "Site prefix of subject labels." }),
    pi_name: z.string().trim().max(300).nullable().optional(),
    starting_subject_id: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .optional()
      .openapi({ description: "The next subject number is at least this." }),
    edc_site_id: Id.nullable().optional(),
    status: z.enum(["active", "removed"]).optional(),
  })
  .strict();

export const createUpdateSite = createRoute({
  method: "post",
  path: "/flask/site/create-update-flask-site",
  operationId: "flaskCreateUpdateSite",
  tags: ["Flask"],
  summary: "Create or update a Flask site (F6).",
  description: "Customer admins / API users, or study-role users for their studies. Sites of a closed study are read-only (409).",
  security: TOKEN_SECURITY,
  request: { body: jsonBody(UpsertSiteBody, undefined, { study_id: 101, name: "Site 03 Lyon", unique_identifier: "DEMO-S03" }) },
  responses: {
    200: { description: "Updated.", content: { "application/json": { schema: SiteSchema } } },
    201: { description: "Created.", content: { "application/json": { schema: SiteSchema } } },
    ...problemResponses(400, 401, 403, 404, 409, 413, 429),
  },
});

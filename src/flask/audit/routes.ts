import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { Id } from "../schemas";

export const ChainReportSchema = z
  .object({
    tenant: z.string(),
    ok: z.boolean(),
    rows_checked: z.number().int(),
    first_broken: z.object({ id: z.number().int(), seq: z.number().int(), reason: z.enum(["hash_mismatch", "broken_link", "missing_seq"]) }).optional(),
  })
  .openapi("AuditChainReport");

export const verifyChain = createRoute({
  method: "post",
  path: "/flask/audit/verify-chain",
  operationId: "flaskVerifyAuditChain",
  tags: ["Flask"],
  summary: "Recompute your customer's audit hash chain and name the first row that does not hold.",
  description: "Customer admins / API users only.",
  security: TOKEN_SECURITY,
  request: {
    body: {
      ...jsonBody(
        z.object({ customer_id: Id.optional().openapi({ description: "Defaults to yours; any other customer is 404." }) }),
        undefined,
        {},
      ),
      required: false,
    },
  },
  responses: {
    200: { description: "The chain report.", content: { "application/json": { schema: ChainReportSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

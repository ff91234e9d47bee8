import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../../lib/openapi-schemas";
import { Id } from "../schemas";

export const ChainReportSchema = z
  .object({
    tenant: z.string(),
    ok: z.boolean(),
    rows_checked: z.number().int().openapi({ description: "Sealed rows checked, from seq 1." }),
    unsealed: z.number().int().openapi({
      description:
        "Rows stored but not yet chained by your audit sealer (usually for well under a second after their write): counted, not checked.",
    }),
    first_broken: z
      .object({ id: z.number().int(), seq: z.number().int(), reason: z.enum(["hash_mismatch", "broken_link", "missing_seq"]) })
      .optional(),
  })
  .openapi("AuditChainReport");

export const verifyChain = createRoute({
  method: "post",
  path: "/flask/audit/verify-chain",
  operationId: "flaskVerifyAuditChain",
  tags: ["Flask"],
  summary: "Recompute your customer's audit hash chain and name the first row that does not hold.",
  description:
    "Customer admins / API users only. Audit rows are written unsealed with each change and chained (seq, hash) by your account's sealer " +
    "moments later; the report checks the sealed chain and counts the rows not sealed yet. With `seal: true` the sealer first chains " +
    "every row stored so far, so that the report covers them.",
  security: TOKEN_SECURITY,
  request: {
    body: {
      ...jsonBody(
        z.object({
          customer_id: Id.optional().openapi({ description: "Defaults to yours; any other customer is 404." }),
          seal: z
            .boolean()
            .optional()
            .openapi({ description: "Seal the rows stored so far before checking (default false: check what is sealed)." }),
        }),
        undefined,
        { seal: true },
      ),
      required: false,
    },
  },
  responses: {
    200: { description: "The chain report.", content: { "application/json": { schema: ChainReportSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

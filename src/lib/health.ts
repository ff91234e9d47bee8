import { createRoute, z } from "@hono/zod-openapi";
import { createProblemRouter } from "./router";

const health = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "healthz",
  security: [],
  tags: ["Platform"],
  summary: "Liveness: answers without touching any database.",
  description: "For load balancers and uptime checks: no token, no database, no rate limit; 200 as long as the Worker runs.",
  responses: {
    200: {
      description: "The Worker is up.",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
    },
  },
});

export const healthRouter = createProblemRouter().openapi(health, (c) => c.json({ status: "ok" as const }, 200));

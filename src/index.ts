import { createApp } from "./app";
import type { Env } from "./env";
import { runScheduled } from "./scheduled";

export { RateLimiter } from "./lib/rate-limit";
export { AuditSealer } from "./lib/audit/sealer";
export { ExportWorkflow } from "./edc/exports/workflow";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller, env));
  },
} satisfies ExportedHandler<Env>;

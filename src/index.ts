import { createApp } from "./app";
import type { Env } from "./env";

export { RateLimiter } from "./lib/rate-limit";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

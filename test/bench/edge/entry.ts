// Bench-only Worker entry (never deployed: wrangler.toml's `main` is src/index.ts). It runs the real Worker
// with its D1, Durable Object and R2 bindings wrapped so that every call waits `x-bench-delay-ms` before
// it starts (one simulated far round trip) and is counted. KV is counted but not delayed: a warm key is
// served from the edge cache. Each answer carries `x-bench-calls` (counts when the headers left; calls made
// while a body streams are not in it) so the bench can set far trips in sequence beside calls per request.
import worker from "../../../src/index";
import type { Env } from "../../../src/env";
import { type CallCounts, wrapEnv } from "./wrap-env";

// Durable Object and Workflow classes of the Worker, whatever they are.
export * from "../../../src/index";

export default {
  async fetch(request, env, ctx) {
    const delayMs = Math.min(1000, Math.max(0, Number(request.headers.get("x-bench-delay-ms") ?? 0) || 0));
    const counts: CallCounts = { d1: 0, do: 0, r2: 0, kv: 0 };
    const response = await worker.fetch(request, wrapEnv(env, delayMs, counts), ctx);
    const out = new Response(response.body, response);
    out.headers.set("x-bench-calls", `d1=${counts.d1};do=${counts.do};r2=${counts.r2};kv=${counts.kv}`);
    return out;
  },
  scheduled: worker.scheduled,
} satisfies ExportedHandler<Env>;

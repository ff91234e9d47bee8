import { createRoute, z } from "@hono/zod-openapi";
import type { Env } from "../env";
import { edcClient, edcTarget, type EdcTarget } from "../db/edc";
import { createProblemRouter } from "./router";

/** Each dependency gets this long to answer a readiness probe; the probes run concurrently. */
export const READY_TIMEOUT_MS = 2_000;

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

const CheckState = z.enum(["ok", "failed", "timeout"]);
const Readiness = z
  .object({
    status: z.enum(["ready", "unavailable"]),
    failing: z.array(z.string()).openapi({ description: "The dependencies that did not answer: `d1`, `kv`, `r2`, `edc:<dbname>`." }),
    checks: z.record(z.string(), CheckState).openapi({ example: { d1: "ok", kv: "ok", r2: "ok", "edc:cc_demo": "ok" } }),
  })
  .openapi("Readiness");

const ready = createRoute({
  method: "get",
  path: "/readyz",
  operationId: "readyz",
  tags: ["Platform"],
  summary: "Readiness: D1, KV, R2 and every EDC database of EDC_REGISTRY answer.",
  description: `Each dependency is probed concurrently and given ${READY_TIMEOUT_MS} ms. No detail of a failure is shown, only its name.`,
  security: [],
  responses: {
    200: { description: "Every dependency answered.", content: { "application/json": { schema: Readiness } } },
    503: {
      description: "At least one dependency did not answer; `failing` names them.",
      content: { "application/json": { schema: Readiness } },
    },
  },
});

type State = z.infer<typeof CheckState>;

async function probe(work: () => Promise<unknown>): Promise<State> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<State>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS, "timeout")));
  try {
    return await Promise.race([
      Promise.resolve()
        .then(work)
        .then(
          () => "ok" as const,
          () => "failed" as const,
        ),
      timeout,
    ]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The EDC databases of EDC_REGISTRY grouped by Hyperdrive binding: one connection answers for all schemas behind it. */
function edcBindings(env: Env): Map<string, EdcTarget[]> {
  let names: string[] = [];
  try {
    names = Object.keys(JSON.parse(env.EDC_REGISTRY ?? "{}") as object);
  } catch {
    names = [];
  }
  const byBinding = new Map<string, EdcTarget[]>();
  for (const name of names) {
    const target = edcTarget(env, name);
    if (!target) continue;
    byBinding.set(target.binding, [...(byBinding.get(target.binding) ?? []), target]);
  }
  return byBinding;
}

async function edcAnswers(env: Env, target: EdcTarget) {
  const sql = edcClient(env, { ...target });
  await sql`select 1`;
}

export async function readiness(env: Env) {
  const edcs = [...edcBindings(env).values()];
  const [d1, kv, r2, ...edcStates] = await Promise.all([
    probe(() => env.DB.prepare("select 1").first()),
    probe(() => env.SESSIONS.get("readyz:probe")),
    probe(() => env.FILES.head("readyz/probe")),
    ...edcs.map((targets) => probe(() => edcAnswers(env, targets[0]!))),
  ]);
  const checks: Record<string, State> = { d1: d1!, kv: kv!, r2: r2! };
  edcs.forEach((targets, i) => {
    for (const t of targets) checks[`edc:${t.dbname}`] = edcStates[i]!;
  });
  const failing = Object.entries(checks)
    .filter(([, s]) => s !== "ok")
    .map(([name]) => name);
  return { status: failing.length ? ("unavailable" as const) : ("ready" as const), failing, checks };
}

export const healthRouter = createProblemRouter()
  .openapi(health, (c) => c.json({ status: "ok" as const }, 200))
  .openapi(ready, async (c) => {
    const body = await readiness(c.env);
    c.header("Cache-Control", "no-store");
    return body.failing.length ? c.json(body, 503) : c.json(body, 200);
  });

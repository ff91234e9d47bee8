import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { requireCaller } from "../../src/auth/middleware";
import { createApp } from "../../src/app";
import type { AppEnv, Env } from "../../src/env";
import { login } from "../helpers/http";

/** env.DB wrapped so that every statement the Worker sends to D1 is counted (prepare, batch, exec). */
function countingEnv() {
  const counts = { prepare: 0, batch: 0, exec: 0 };
  // The Worker queries through a D1 session per request (src/lib/d1-session.ts): its sessions are counted too.
  const counting = <T extends object>(db: T): T =>
    new Proxy(db, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === "prepare" || prop === "batch" || prop === "exec") {
          return (...args: unknown[]) => {
            counts[prop] += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (prop === "withSession") return (...args: unknown[]) => counting((value as (...a: unknown[]) => object).apply(target, args));
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const DB = counting(env.DB);
  const total = () => counts.prepare + counts.batch + counts.exec;
  return {
    env: { ...(env as unknown as Env), DB } as Env,
    counts,
    total,
    reset: () => Object.assign(counts, { prepare: 0, batch: 0, exec: 0 }),
  };
}

async function fetchWith(
  app: { fetch: (r: Request, e: Env, c: ExecutionContext) => Response | Promise<Response> },
  e: Env,
  path: string,
  token: string,
) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://trialedge.test${path}`, { headers: { authorization: token } }), e, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

// Cited by test/bench/RESULTS.md (Auth): D1 statements per token-authenticated request on a KV cache hit.
describe("token auth on a warm KV session cache", () => {
  it("sends no statement to D1 in the middleware, and only the route's own on /auth/self", async () => {
    const token = await login("api@demo.test");
    const probe = new Hono<AppEnv>();
    probe.use("/probe", requireCaller);
    probe.get("/probe", (c) => c.text("ok"));
    const counting = countingEnv();

    // login cached the session in KV; make sure by one request, then count the next ones.
    expect((await fetchWith(probe, counting.env, "/probe", token)).status).toBe(200);
    counting.reset();
    for (let i = 0; i < 20; i++) expect((await fetchWith(probe, counting.env, "/probe", token)).status).toBe(200);
    const middleware = counting.total();
    expect(middleware).toBe(0);

    const app = createApp();
    await fetchWith(app, counting.env, "/auth/self", token);
    counting.reset();
    for (let i = 0; i < 20; i++) expect((await fetchWith(app, counting.env, "/auth/self", token)).status).toBe(200);
    // /auth/self reads the user row itself (1 statement); authentication adds none.
    const authSelf = counting.total();
    expect(authSelf).toBe(20);
    // The figures test/bench/areas/auth-d1.mjs reads and RESULTS.md reports: statements per request.
    console.log(
      `AUTH_D1_COUNTS ${JSON.stringify({ requests: 20, middlewarePerRequest: middleware / 20, authSelfPerRequest: authSelf / 20 })}`,
    );
  });

  it("counts D1 on a KV miss, so the counter above is live", async () => {
    const token = await login("api@demo.test");
    const probe = new Hono<AppEnv>();
    probe.use("/probe", requireCaller);
    probe.get("/probe", (c) => c.text("ok"));
    const counting = countingEnv();
    const keys = await env.SESSIONS.list({ prefix: "sess:" });
    await Promise.all(keys.keys.map((k) => env.SESSIONS.delete(k.name)));
    expect((await fetchWith(probe, counting.env, "/probe", token)).status).toBe(200);
    expect(counting.total()).toBeGreaterThanOrEqual(1);
  });
});

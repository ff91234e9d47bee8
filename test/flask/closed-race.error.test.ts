import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/env";
import { count, tokenOf, ADMIN } from "../helpers/flask";
import { BASE } from "../helpers/http";

/**
 * A study closed between a write's read batch and its write batch: the update's guard no longer holds,
 * so nothing changes, no audit row is stored, and the answer is 409 study_closed as if the close came first.
 */
async function closedMidway(path: string, body: unknown) {
  const raw = env.DB;
  let batches = 0;
  const hook = <T extends object>(inner: T): T =>
    new Proxy(inner, {
      get(target, prop) {
        if (prop === "batch")
          return async (stmts: D1PreparedStatement[]) => {
            const out = await (target as unknown as D1Database).batch(stmts);
            // Right after the read batch (the request's first D1 call, write-trips.happy.test.ts) answered.
            if (++batches === 1) await raw.prepare("update studies set status_id = 2 where id = 101").run();
            return out;
          };
        if (prop === "withSession") return (c?: string) => hook(raw.withSession(c as D1SessionConstraint));
        const v = Reflect.get(target, prop);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  const db = hook(raw);
  const headers = { authorization: await tokenOf(ADMIN), "content-type": "application/json" };
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method: "POST", headers, body: JSON.stringify(body) }),
    { ...(env as unknown as Env), DB: db },
    ctx,
  );
  const json = (await res.json()) as Record<string, unknown>;
  await waitOnExecutionContext(ctx);
  await raw.prepare("update studies set status_id = 1 where id = 101").run();
  return { status: res.status, json, batches };
}

describe("a study closed between the read and the write of a Flask update", () => {
  it("site update and study update: 409 study_closed, nothing changed, nothing audited", async () => {
    await tokenOf(ADMIN);
    const audit = await count("select count(*) n from audit_trail");
    const site = await closedMidway("/flask/site/create-update-flask-site", { id: 1001, pi_name: "Dr Late" });
    expect(site.status).toBe(409);
    expect(site.json.error).toBe("study_closed");
    expect(site.batches).toBe(2); // the read, then the write whose guard failed
    const study = await closedMidway("/flask/study/create-update-flask-study", { id: 101, sponsor: "Late Sponsor" });
    expect(study.status).toBe(409);
    expect(study.json.error).toBe("study_closed");
    expect(study.batches).toBe(2);
    expect(await count("select count(*) n from sites where pi_name = 'Dr Late'")).toBe(0);
    expect(await count("select count(*) n from studies where sponsor = 'Late Sponsor'")).toBe(0);
    expect(await count("select count(*) n from audit_trail")).toBe(audit);
  });
});

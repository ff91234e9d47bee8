import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, get } from "../helpers/http";
import { ADMIN, ccCall, ccGet, OTHER_ADMIN } from "../helpers/commcare";

let nextId = 100;
/** A fresh domain with a small budget (its own limiter window), the demo admin a member. */
async function domainWith(budget: number, features = '["API","LOCATIONS"]', blacklisted = 0) {
  const id = nextId++;
  const name = `rl-${id}-${crypto.randomUUID().slice(0, 8)}`;
  await env.DB.prepare(
    "insert into cc_domains (id, name, features, api_blacklisted, rate_limit_per_minute, created_at) values (?, ?, ?, ?, ?, '2026-01-01')",
  )
    .bind(id, name, features, blacklisted, budget)
    .run();
  await env.DB.prepare("insert into cc_memberships (user_id, domain_id, role_id) values (1, ?, 1)").bind(id).run();
  return name;
}

const budgetOf = (res: Response) => ({
  limit: res.headers.get("ratelimit-limit"),
  remaining: res.headers.get("ratelimit-remaining"),
  reset: res.headers.get("ratelimit-reset"),
});

describe("RateLimit-* on every CommCare answer (Q14), without spending the budget", () => {
  it("each kind of answer given before or without authentication carries the domain's budget as it stands", async () => {
    const name = await domainWith(5);
    const answers: [string, Promise<Response>, number][] = [
      ["no credentials", get(`/a/${name}/api/v0.5/form/`), 401],
      ["wrong key", ccGet(`/a/${name}/api/v0.5/form/`, { user: ADMIN.user, key: "wrong" }), 401],
      ["not a member", ccGet(`/a/${name}/api/v0.5/form/`, OTHER_ADMIN), 403],
      ["405", call("DELETE", `/a/${name}/api/v0.5/form/`), 405],
      ["OPTIONS", call("OPTIONS", `/a/${name}/api/v0.6/location/`), 200],
      ["API root 404", ccGet(`/a/${name}/api/v0.5/`), 404],
      ["unknown resource 404", get(`/a/${name}/api/v0.5/bulk_user/`), 404],
      ["no trailing slash 404", get(`/a/${name}/api/v0.5/form`), 404],
      ["receiver without credentials", call("POST", `/a/${name}/receiver/`, "<data/>", { headers: { "content-type": "text/xml" } }), 401],
    ];
    for (const [what, promise, status] of answers) {
      const res = await promise;
      expect(res.status, what).toBe(status);
      expect(budgetOf(res), what).toEqual({ limit: "5", remaining: "5", reset: expect.stringMatching(/^\d+$/) });
      expect(res.headers.get("ratelimit-policy"), what).toBe("5;w=60");
      expect(res.headers.get("access-control-allow-origin"), what).toBe("*");
    }
    // only an authenticated request spends
    const ok = await ccGet(`/a/${name}/api/v0.5/form/`);
    expect(ok.status).toBe(200);
    expect(budgetOf(ok).remaining).toBe("4");
    const after = await get(`/a/${name}/api/v0.5/form/`);
    expect(budgetOf(after).remaining).toBe("4");
  });

  it("unauthenticated callers cannot drain a domain's budget", async () => {
    const name = await domainWith(2);
    for (let i = 0; i < 6; i++) expect((await get(`/a/${name}/api/v0.5/case/`)).status).toBe(401);
    expect((await ccGet(`/a/${name}/api/v0.5/case/`)).status).toBe(200);
    expect((await ccGet(`/a/${name}/api/v0.5/case/`)).status).toBe(200);
    const spent = await ccGet(`/a/${name}/api/v0.5/case/`);
    expect(spent.status).toBe(429);
    expect(spent.headers.get("retry-after")).toMatch(/^\d+$/);
    // the 401 after the budget is spent reports it (remaining 0) and is still a 401, not a 429
    const anonymous = await get(`/a/${name}/api/v0.5/case/`);
    expect(anonymous.status).toBe(401);
    expect(budgetOf(anonymous).remaining).toBe("0");
  });

  it("a 400 from the handler reports what the request spent", async () => {
    const name = await domainWith(9);
    const bad = await ccGet(`/a/${name}/api/v0.5/form/?limit=x`);
    expect(bad.status).toBe(400);
    expect(budgetOf(bad).remaining).toBe("8");
  });

  it("the LOCATIONS-feature 403, the subscription 401 and the blacklist 401 carry the budget too", async () => {
    const noLocations = await domainWith(7, '["API"]');
    const loc = await ccGet(`/a/${noLocations}/api/v0.6/location/`);
    expect(loc.status).toBe(403);
    expect(budgetOf(loc)).toMatchObject({ limit: "7", remaining: "7" });
    const types = await get(`/a/${noLocations}/api/v0.5/location_type/`);
    expect(types.status).toBe(403);
    expect(budgetOf(types).remaining).toBe("7");

    const noApi = await domainWith(6, '["LOCATIONS"]');
    const sub = await ccGet(`/a/${noApi}/api/v0.5/form/`);
    expect(sub.status).toBe(401);
    expect(await sub.json()).toEqual({ error: "Your current subscription does not have access to this feature" });
    expect(budgetOf(sub)).toMatchObject({ limit: "6", remaining: "6" });

    const blocked = await domainWith(4, '["API","LOCATIONS"]', 1);
    const cut = await ccGet(`/a/${blocked}/api/v0.5/form/`);
    expect(cut.status).toBe(401);
    expect(budgetOf(cut)).toMatchObject({ limit: "4", remaining: "4" });
    expect((await ccCall("PATCH", `/a/${blocked}/api/v0.6/location/`, { objects: [] })).headers.get("ratelimit-remaining")).toBe("4");
  });

  it("unknown domains get no rate-limit headers", async () => {
    const res = await ccGet("/a/no-such-domain/api/v0.5/form/");
    expect(res.status).toBe(401);
    expect(res.headers.get("ratelimit-limit")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const missing = await get("/a/no-such-domain/api/v0.5/");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("ratelimit-limit")).toBeNull();
  });
});

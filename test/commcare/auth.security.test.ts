import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, get } from "../helpers/http";
import { ADMIN, ccCall, ccGet, OTHER_ADMIN, VIEWER } from "../helpers/commcare";

const LIST_URLS = [
  "v0.4/application/",
  "v0.5/application/",
  "application/v1/",
  "v0.4/form/",
  "v0.5/form/",
  "form/v1/",
  "v0.4/case/",
  "v0.5/case/",
  "case/v1/",
  "v0.5/bulk-user/",
  "bulk-user/v1/",
  "v0.5/location/",
  "location/v1/",
  "v0.6/location/",
  "location/v2/",
  "v0.5/location_type/",
  "location_type/v1/",
];
const DETAIL_URLS = [
  "v0.5/application/a1b2c3d4e5f60718293a4b5c6d7e8f90/",
  "v0.5/form/d0000000-0000-4000-8000-000000000001/",
  "v0.5/case/cafe0000000000000000000000000001/",
  "v0.5/location/10c0000000000000000000000000d3e0/",
  "v0.6/location/10c0000000000000000000000000d3e0/",
  "v0.5/location_type/1/",
];

async function expectEmpty(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(await res.text()).toBe("");
}

describe("authentication (§2.2): 401 vs 403, empty bodies", () => {
  it("no credentials → 401 empty with a Digest challenge", async () => {
    const res = await get("/a/demo/api/v0.5/form/");
    await expectEmpty(res, 401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Digest realm=/);
  });

  it("a wrong key, an unknown user, or a key of another user → 401 empty", async () => {
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", { user: ADMIN.user, key: "wrong" }), 401);
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", { user: "nobody@demo.test", key: ADMIN.key }), 401);
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", { user: VIEWER.user, key: ADMIN.key }), 401);
    await expectEmpty(await call("GET", "/a/demo/api/v0.5/form/", undefined, { headers: { authorization: "Bearer abc" } }), 401);
  });

  it("Basic with a bad password → 401 empty with a Basic challenge; the API key as Basic password is refused", async () => {
    const bad = await call("GET", "/a/demo/api/v0.5/form/", undefined, {
      headers: { authorization: `Basic ${btoa("admin@demo.test:nope")}` },
    });
    await expectEmpty(bad, 401);
    expect(bad.headers.get("www-authenticate")).toBe('Basic realm=""');
    await expectEmpty(
      await call("GET", "/a/demo/api/v0.5/form/", undefined, {
        headers: { authorization: `Basic ${btoa("admin@demo.test:demo-api-key")}` },
      }),
      401,
    );
  });

  it("Basic with the password (username case-insensitive), ApiKey header and ?username=&api_key= all work", async () => {
    expect(
      (
        await call("GET", "/a/demo/api/v0.5/form/", undefined, {
          headers: { authorization: `Basic ${btoa("ADMIN@demo.test:demo-password")}` },
        })
      ).status,
    ).toBe(200);
    expect((await ccGet("/a/demo/api/v0.5/form/")).status).toBe(200);
    expect((await get("/a/demo/api/v0.5/form/?username=admin@demo.test&api_key=demo-api-key")).status).toBe(200);
  });

  it("expired, inactive and IP-restricted keys → 401 empty", async () => {
    await env.DB.prepare("update cc_api_keys set expires_at = '2020-01-01T00:00:00Z' where id = 2").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", VIEWER), 401);
    await env.DB.prepare("update cc_api_keys set expires_at = null, ip_allowlist = '[\"10.0.0.1\"]' where id = 2").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", VIEWER), 401);
    expect((await ccGet("/a/demo/api/v0.5/form/", VIEWER, { "cf-connecting-ip": "10.0.0.1" })).status).toBe(200);
    await env.DB.prepare("update cc_api_keys set ip_allowlist = null, is_active = 0 where id = 2").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", VIEWER), 401);
    await env.DB.prepare("update cc_api_keys set is_active = 1 where id = 2").run();
  });

  it("stores API keys only as SHA-256 hashes", async () => {
    const rows = (await env.DB.prepare("select key_hash from cc_api_keys").all<{ key_hash: string }>()).results;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.key_hash).not.toContain("api-key");
    }
  });
});

describe("tenancy and permissions", () => {
  it("another domain's key gets 403 with an empty body on every resource, list and detail", async () => {
    for (const url of [...LIST_URLS, ...DETAIL_URLS]) {
      const res = await ccGet(`/a/demo/api/${url}`, OTHER_ADMIN);
      expect(res.status, url).toBe(403);
      expect(await res.text(), url).toBe("");
    }
    for (const [method, url, body] of [
      ["POST", "v0.6/location/", { name: "X", location_type_code: "state" }],
      ["PATCH", "v0.6/location/", { objects: [] }],
      ["PUT", "v0.6/location/10c0000000000000000000000000d3e0/", { name: "X" }],
    ] as const) {
      await expectEmpty(await ccCall(method, `/a/demo/api/${url}`, body, OTHER_ADMIN), 403);
    }
    await expectEmpty(
      await call("POST", "/a/demo/receiver/", "<data/>", { headers: { authorization: `ApiKey ${OTHER_ADMIN.user}:${OTHER_ADMIN.key}` } }),
      403,
    );
  });

  it("the other domain's key works on its own domain and sees none of demo's data", async () => {
    const res = await ccGet("/a/other/api/v0.6/location/", OTHER_ADMIN);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("Elsewhere");
    expect(text).not.toMatch(/Colorado|Denver/);
    const forms = (await (await ccGet("/a/other/api/v0.5/form/", OTHER_ADMIN)).json()) as { meta: { total_count: number } };
    expect(forms.meta.total_count).toBe(0);
  });

  it("a key scoped to another domain is refused even for a member", async () => {
    await env.DB.prepare("insert into cc_memberships (user_id, domain_id, role_id) values (3, 1, 1)").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", OTHER_ADMIN), 403);
    await env.DB.prepare("delete from cc_memberships where user_id = 3 and domain_id = 1").run();
  });

  it("the viewer key (no edit_locations) gets 403 on locations and location types, 200 elsewhere", async () => {
    for (const url of LIST_URLS.filter((u) => u.includes("location"))) await expectEmpty(await ccGet(`/a/demo/api/${url}`, VIEWER), 403);
    await expectEmpty(await ccCall("POST", "/a/demo/api/v0.6/location/", { name: "X", location_type_code: "state" }, VIEWER), 403);
    await expectEmpty(await ccCall("PATCH", "/a/demo/api/v0.6/location/", { objects: [] }, VIEWER), 403);
    await expectEmpty(await ccCall("PUT", "/a/demo/api/v0.6/location/10c0000000000000000000000000d3e0/", { name: "X" }, VIEWER), 403);
    for (const url of ["v0.5/form/", "v0.5/case/", "v0.5/application/", "v0.5/bulk-user/"])
      expect((await ccGet(`/a/demo/api/${url}`, VIEWER)).status, url).toBe(200);
  });

  it("mobile workers are refused (403) and a role without access_api is refused (403)", async () => {
    await env.DB.prepare("update cc_users set user_type = 'mobile' where id = 2").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", VIEWER), 403);
    await env.DB.prepare("update cc_users set user_type = 'web' where id = 2").run();
    await env.DB.prepare(`update cc_roles set permissions = '["edit_data"]' where id = 2`).run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", VIEWER), 403);
    await env.DB.prepare(`update cc_roles set permissions = '["access_api","edit_data","edit_commcare_users"]' where id = 2`).run();
    expect((await ccGet("/a/demo/api/v0.5/form/", VIEWER)).status).toBe(200);
  });
});

describe("key roles and superusers (§2.2)", () => {
  it("a key with its own role lacking a permission → 403 where the role lacks it, although the user's membership grants it", async () => {
    // the admin's membership role grants everything; the key's own role (Viewer) has no edit_locations
    await env.DB.prepare("update cc_api_keys set role_id = 2 where id = 1").run();
    for (const url of ["v0.6/location/", "v0.5/location_type/", `v0.6/location/10c0000000000000000000000000d3e0/`])
      await expectEmpty(await ccGet(`/a/demo/api/${url}`), 403);
    await expectEmpty(await ccCall("POST", "/a/demo/api/v0.6/location/", { name: "Via key role", location_type_code: "state" }), 403);
    for (const url of ["v0.5/form/", "v0.5/case/", "v0.5/bulk-user/", "v0.5/application/"])
      expect((await ccGet(`/a/demo/api/${url}`)).status, url).toBe(200);
    // a key role cannot add what the membership lacks: the viewer's key with the Admin role still has no edit_locations
    await env.DB.prepare("update cc_api_keys set role_id = 1 where id = 2").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.6/location/", VIEWER), 403);
    // a role of another domain on the key → 403 everywhere
    await env.DB.prepare("update cc_api_keys set role_id = 3 where id = 1").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/"), 403);
    await env.DB.prepare("update cc_api_keys set role_id = null where id in (1, 2)").run();
    expect((await ccGet("/a/demo/api/v0.6/location/")).status).toBe(200);
  });

  it("a superuser passes without membership; the same user without the flag is refused", async () => {
    // the other domain's admin, with an unscoped key, is no member of demo
    await env.DB.prepare("update cc_api_keys set domain_id = null where id = 3").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", OTHER_ADMIN), 403);
    await env.DB.prepare("update cc_users set is_superuser = 1 where id = 3").run();
    for (const url of ["v0.5/form/", "v0.5/case/", "v0.5/bulk-user/", "v0.6/location/", "v0.5/location_type/"])
      expect((await ccGet(`/a/demo/api/${url}`, OTHER_ADMIN)).status, url).toBe(200);
    const created = await ccCall("POST", "/a/demo/api/v0.6/location/", { name: "By superuser", location_type_code: "state" }, OTHER_ADMIN);
    expect(created.status).toBe(201);
    // still bound by a domain-scoped key
    await env.DB.prepare("update cc_api_keys set domain_id = 2 where id = 3").run();
    await expectEmpty(await ccGet("/a/demo/api/v0.5/form/", OTHER_ADMIN), 403);
    await env.DB.prepare("update cc_users set is_superuser = 0 where id = 3").run();
  });
});

describe("domain features and the API blacklist (§2.1 steps 1–2, before authentication)", () => {
  it("no LOCATIONS → 403 empty on locations, even without credentials; forms unaffected", async () => {
    await env.DB.prepare(`update cc_domains set features = '["API"]' where name = 'other'`).run();
    await expectEmpty(await get("/a/other/api/v0.6/location/"), 403);
    await expectEmpty(await get("/a/other/api/v0.5/location_type/"), 403);
    expect((await ccGet("/a/other/api/v0.5/form/", OTHER_ADMIN)).status).toBe(200);
  });

  it("no API privilege → 401 with the subscription message, even without credentials", async () => {
    await env.DB.prepare(`update cc_domains set features = '["LOCATIONS"]' where name = 'other'`).run();
    const res = await get("/a/other/api/v0.5/form/");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Your current subscription does not have access to this feature" });
    const unknown = await get("/a/no-such-domain/api/v0.5/form/");
    expect(unknown.status).toBe(401);
  });

  it("API_BLACKLIST → 401 with the two-space message", async () => {
    await env.DB.prepare(`update cc_domains set features = '["API","LOCATIONS"]', api_blacklisted = 1 where name = 'other'`).run();
    const res = await ccGet("/a/other/api/v0.5/form/", OTHER_ADMIN);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: "API access has been temporarily cut off due to too many requests.  To re-enable, please contact support.",
    });
    await env.DB.prepare(`update cc_domains set api_blacklisted = 0 where name = 'other'`).run();
  });

  it("the first failing step decides: LOCATIONS before API, the blacklist before API, both before the method check", async () => {
    // Neither LOCATIONS nor API: a location request is step 1's 403, a form request step 2's 401.
    await env.DB.prepare(`update cc_domains set features = '[]' where name = 'other'`).run();
    await expectEmpty(await get("/a/other/api/v0.6/location/"), 403);
    expect((await get("/a/other/api/v0.5/form/")).status).toBe(401);
    // Blacklisted and without API: the blacklist message, without credentials and for a method the resource lacks.
    await env.DB.prepare(`update cc_domains set api_blacklisted = 1 where name = 'other'`).run();
    const blacklist = { error: "API access has been temporarily cut off due to too many requests.  To re-enable, please contact support." };
    for (const res of [await get("/a/other/api/v0.5/form/"), await call("DELETE", "/a/other/api/v0.5/form/")]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(blacklist);
    }
    // With every feature back, the method check (405 with Allow) comes before authentication.
    await env.DB.prepare(`update cc_domains set features = '["API","LOCATIONS"]', api_blacklisted = 0 where name = 'other'`).run();
    const method = await call("DELETE", "/a/other/api/v0.5/form/");
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET");
  });
});

describe("throttling (§2.6, Q14)", () => {
  it("sends RateLimit-* headers, then 429 with Retry-After and an empty body once the domain's budget is spent", async () => {
    await env.DB.prepare(
      `insert into cc_domains (id, name, features, api_blacklisted, rate_limit_per_minute, created_at) values (90, 'throttled-${crypto.randomUUID().slice(0, 8)}', '["API","LOCATIONS"]', 0, 2, '2026-01-01')`,
    ).run();
    const name = (await env.DB.prepare("select name from cc_domains where id = 90").first<{ name: string }>())!.name;
    await env.DB.prepare("insert into cc_memberships (user_id, domain_id, role_id) values (1, 90, 1)").run();
    const a = await ccGet(`/a/${name}/api/v0.5/form/`);
    expect(a.status).toBe(200);
    expect(a.headers.get("ratelimit-limit")).toBe("2");
    expect(a.headers.get("ratelimit-remaining")).toBe("1");
    expect((await ccGet(`/a/${name}/api/v0.5/form/`)).status).toBe(200);
    const limited = await ccGet(`/a/${name}/api/v0.5/form/`);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toBe("");
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    // another domain's budget is untouched
    const demo = await ccGet("/a/demo/api/v0.5/form/");
    expect(demo.status).toBe(200);
    expect(Number(demo.headers.get("ratelimit-limit"))).toBeGreaterThan(2);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/commcare/auth/credentials";
import { domainHintKey, principalHintKey } from "../../src/commcare/auth/hints";
import { ADMIN, apiKeyHeader, ccGet, submit, VIEWER } from "../helpers/commcare";
import { CASE_NS, receiverForm } from "../helpers/receiver";
import { farTrips } from "../helpers/commcare-far-trips";

const FORMS = "/a/demo/api/v0.5/form/";

/** KV writes of the hints run off the answer's path (waitUntil): wait for them to land. */
async function kvEventually(key: string, present: boolean) {
  for (let i = 0; i < 50; i++) {
    if (((await env.SESSIONS.get(key)) !== null) === present) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${key} never became ${present ? "present" : "absent"}`);
}

const viewerHint = async () => principalHintKey("demo", await hashApiKey(VIEWER.key));

describe("the CommCare principal cache (KV hints, checked against D1 on every request)", () => {
  it("a valid key is remembered per domain with an expiry no later than SESSION_CACHE_TTL (min. 60 s)", async () => {
    const before = Math.floor(Date.now() / 1000);
    expect((await ccGet(FORMS)).status).toBe(200);
    const key = principalHintKey("demo", await hashApiKey(ADMIN.key));
    await kvEventually(key, true);
    await kvEventually(domainHintKey("demo"), true);
    expect(await env.SESSIONS.get(key, "json")).toMatchObject({ username: ADMIN.user, principal: { username: ADMIN.user, userId: 1 } });
    const bound = Math.max(60, Number(env.SESSION_CACHE_TTL) || 60);
    const listed = (await env.SESSIONS.list({ prefix: "cc:" })).keys;
    expect(listed.length).toBeGreaterThanOrEqual(2);
    for (const k of listed) {
      expect(k.expiration, k.name).toBeDefined();
      expect(k.expiration!).toBeLessThanOrEqual(before + bound + 2);
    }
  });

  it("a wrong key is never remembered, and a cached key presented with another username is refused", async () => {
    expect((await ccGet(FORMS, { user: ADMIN.user, key: "not-a-key" })).status).toBe(401);
    expect(await env.SESSIONS.get(principalHintKey("demo", await hashApiKey("not-a-key")))).toBeNull();
    expect((await ccGet(FORMS)).status).toBe(200);
    await kvEventually(principalHintKey("demo", await hashApiKey(ADMIN.key)), true);
    const res = await ccGet(FORMS, { user: VIEWER.user, key: ADMIN.key });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
  });

  it("a warm list waits on one far round trip: the key's check, the budget's spend and the page at once, no peek after", async () => {
    await ccGet("/a/demo/api/v0.6/location/");
    await kvEventually(principalHintKey("demo", await hashApiKey(ADMIN.key)), true);
    for (const path of ["/a/demo/api/v0.6/location/", "/a/demo/api/v0.5/case/", "/a/demo/api/v0.5/application/", FORMS]) {
      const warm = await farTrips("GET", path, apiKeyHeader());
      expect(warm.status, path).toBe(200);
      expect(warm.trips, path).toBe(1);
      expect(warm.do, path).toBe(1);
    }
    // the same answer as without the hints
    await env.SESSIONS.delete(principalHintKey("demo", await hashApiKey(ADMIN.key)));
    await env.SESSIONS.delete(domainHintKey("demo"));
    const cold = await farTrips("GET", "/a/demo/api/v0.6/location/", apiKeyHeader());
    const warm = await farTrips("GET", "/a/demo/api/v0.6/location/", apiKeyHeader());
    expect(cold.trips).toBe(2);
    expect(warm.body).toBe(cold.body);
  });

  it("a revoked key stops working on the next request, and its entry is dropped", async () => {
    expect((await ccGet(FORMS, VIEWER)).status).toBe(200);
    const key = await viewerHint();
    await kvEventually(key, true);
    await env.DB.prepare("update cc_api_keys set is_active = 0 where id = 2").run();
    const res = await ccGet(FORMS, VIEWER);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
    await kvEventually(key, false);
    await env.DB.prepare("update cc_api_keys set is_active = 1 where id = 2").run();
    expect((await ccGet(FORMS, VIEWER)).status).toBe(200);
    await kvEventually(key, true);
  });

  it("a role losing access_api, or a membership removed, is refused on the next request", async () => {
    expect((await ccGet(FORMS, VIEWER)).status).toBe(200);
    const key = await viewerHint();
    await kvEventually(key, true);
    await env.DB.prepare(`update cc_roles set permissions = '["edit_data"]' where id = 2`).run();
    expect((await ccGet(FORMS, VIEWER)).status).toBe(403);
    await kvEventually(key, false);
    await env.DB.prepare(`update cc_roles set permissions = '["access_api","edit_data","edit_commcare_users"]' where id = 2`).run();
    expect((await ccGet(FORMS, VIEWER)).status).toBe(200);
    await kvEventually(key, true);
    const membership = await env.DB.prepare("select * from cc_memberships where user_id = 2 and domain_id = 1").first<
      Record<string, number>
    >();
    await env.DB.prepare("delete from cc_memberships where user_id = 2 and domain_id = 1").run();
    expect((await ccGet(FORMS, VIEWER)).status).toBe(403);
    await kvEventually(key, false);
    await env.DB.prepare("insert into cc_memberships (user_id, domain_id, role_id, is_admin) values (?, ?, ?, ?)")
      .bind(membership!.user_id, membership!.domain_id, membership!.role_id, membership!.is_admin)
      .run();
    expect((await ccGet(FORMS, VIEWER)).status).toBe(200);
  });

  it("a domain's changed features are seen at once, though its row is cached", async () => {
    expect((await ccGet("/a/other/api/v0.5/location_type/", { user: "admin@other.test", key: "other-api-key" })).status).toBe(200);
    await kvEventually(domainHintKey("other"), true);
    await env.DB.prepare(`update cc_domains set features = '["API"]' where name = 'other'`).run();
    expect((await ccGet("/a/other/api/v0.5/location_type/", { user: "admin@other.test", key: "other-api-key" })).status).toBe(403);
    await env.DB.prepare(`update cc_domains set features = '["API","LOCATIONS"]' where name = 'other'`).run();
  });

  it("a warm write stores nothing once the domain's budget is spent, nor once its key is revoked", async () => {
    const name = `warm-${crypto.randomUUID().slice(0, 8)}`;
    await env.DB.prepare(
      `insert into cc_domains (id, name, features, api_blacklisted, rate_limit_per_minute, created_at) values (91, ?, '["API"]', 0, 2, '2026-01-01')`,
    )
      .bind(name)
      .run();
    await env.DB.prepare("insert into cc_memberships (user_id, domain_id, role_id) values (1, 91, 1)").run();
    const forms = async () => (await env.DB.prepare("select count(*) n from cc_forms where domain_id = 91").first<{ n: number }>())!.n;
    const caseXml = (id: string) =>
      `<case xmlns="${CASE_NS}" case_id="warm-${id}" date_modified="2026-09-01T00:00:00Z" user_id="u"><create><case_type>t</case_type><case_name>n</case_name><owner_id>o</owner_id></create></case>`;
    expect((await ccGet(`/a/${name}/api/v0.5/form/`)).status).toBe(200); // cold: spends 1 of 2, remembers the key
    await kvEventually(principalHintKey(name, await hashApiKey(ADMIN.key)), true);
    expect((await submit(receiverForm(`warm-a-${name}`, caseXml("a")), ADMIN, name)).status).toBe(201); // warm: 2 of 2
    expect(await forms()).toBe(1);
    const limited = await submit(receiverForm(`warm-b-${name}`, caseXml("b")), ADMIN, name);
    expect(limited.status).toBe(429);
    expect(await forms()).toBe(1);

    await env.DB.prepare("update cc_domains set rate_limit_per_minute = 100 where id = 91").run();
    await env.DB.prepare("update cc_api_keys set is_active = 0 where id = 1").run();
    const revoked = await submit(receiverForm(`warm-c-${name}`, caseXml("c")), ADMIN, name);
    expect(revoked.status).toBe(401);
    expect(await forms()).toBe(1);
    await env.DB.prepare("update cc_api_keys set is_active = 1 where id = 1").run();
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/jwt";
import { get, login, post, problemOf } from "../helpers/http";

const b64url = (v: unknown) => btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("tokens — expired, revoked, tampered, foreign", () => {
  it("401 without a token, with problem+json", async () => {
    const { status, contentType, body } = await problemOf(await get("/auth/self"));
    expect(status).toBe(401);
    expect(contentType).toBe("application/problem+json");
    expect(body.error).toBe("unauthorized");
  });

  it("401 for a malformed token", async () => {
    for (const token of ["abc", "a.b.c", "Bearer ", "JWT x.y", "....."]) {
      expect((await get("/auth/self", { token })).status, token).toBe(401);
    }
  });

  it("401 for a token whose payload was edited (signature no longer matches)", async () => {
    const token = await login("api@demo.test");
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(atob(p!.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = `${h}.${b64url({ ...claims, exp: claims.exp + 86_400_000 })}.${s}`;
    expect((await get("/auth/self", { token: forged })).status).toBe(401);
  });

  it("401 for a token signed with another secret, and for alg none / HS256", async () => {
    const token = await login("api@demo.test");
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect((await get("/auth/self", { token: await signToken(claims, "some-other-secret") })).status).toBe(401);
    const none = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`;
    expect((await get("/auth/self", { token: none })).status).toBe(401);
    const hs256 = `${b64url({ alg: "HS256", typ: "JWT" })}.${token.split(".")[1]}.${token.split(".")[2]}`;
    expect((await get("/auth/self", { token: hs256 })).status).toBe(401);
  });

  it("401 for an expired token even when correctly signed and its session exists", async () => {
    const token = await login("api@demo.test");
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    const expired = await signToken({ ...claims, exp: Date.now() - 1000 }, env.TOKEN_SECRET);
    expect((await get("/auth/self", { token: expired })).status).toBe(401);
  });

  it("401 once the session expired in D1, whatever the token says", async () => {
    const token = await login("admin@demo.test");
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    await env.DB.prepare("update sessions set expires_at = ? where user_id = 1")
      .bind(new Date(Date.now() - 1000).toISOString())
      .run();
    await env.SESSIONS.delete(`sess:${await sha256(claims.sub)}`);
    expect((await get("/auth/self", { token })).status).toBe(401);
  });

  it("caches a session in KV no longer than it lives: under a minute left (KV's floor), it is read from D1", async () => {
    const token = await login("api@demo.test");
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    const hash = await sha256(claims.sub);
    await env.DB.prepare("update sessions set expires_at = ? where id_hash = ?")
      .bind(new Date(Date.now() + 30_000).toISOString(), hash)
      .run();
    await env.SESSIONS.delete(`sess:${hash}`);
    expect((await get("/auth/self", { token })).status).toBe(200);
    expect(await env.SESSIONS.get(`sess:${hash}`)).toBeNull();
    await env.DB.prepare("update sessions set expires_at = ? where id_hash = ?")
      .bind(new Date(Date.now() + 3_600_000).toISOString(), hash)
      .run();
    expect((await get("/auth/self", { token })).status).toBe(200);
    expect(await env.SESSIONS.get(`sess:${hash}`)).not.toBeNull();
  });

  it("a session revoked elsewhere (D1 only) lives in KV at most SESSION_CACHE_TTL, then never authenticates again", async () => {
    const token = await login("api@demo.test");
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    const hash = await sha256(claims.sub);
    const before = Date.now();
    expect((await get("/auth/self", { token })).status).toBe(200);
    // The KV entry's own expiry is the bound the README states: now + SESSION_CACHE_TTL at most.
    const entry = (await env.SESSIONS.list({ prefix: `sess:${hash}` })).keys[0];
    expect(entry?.expiration).toBeDefined();
    const ttl = Number(env.SESSION_CACHE_TTL);
    expect(entry!.expiration!).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + ttl);
    expect(entry!.expiration!).toBeGreaterThanOrEqual(Math.floor(before / 1000) + ttl - 1);
    // Revoked where this isolate's KV entry is not deleted (as another location would see it): the stale entry still opens the door…
    await env.DB.prepare("update sessions set revoked_at = ? where id_hash = ?").bind(new Date().toISOString(), hash).run();
    expect((await get("/auth/self", { token })).status).toBe(200);
    // …until KV drops it at that expiry (simulated by removing it): from then on D1 decides, and says no.
    await env.SESSIONS.delete(`sess:${hash}`);
    expect((await get("/auth/self", { token })).status).toBe(401);
    expect(await env.SESSIONS.get(`sess:${hash}`)).toBeNull();
  });

  it("revocation holds at once: logout deletes the KV entry and marks D1", async () => {
    const token = await login("api@demo.test");
    const claims = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    const hash = await sha256(claims.sub);
    expect((await get("/auth/self", { token })).status).toBe(200);
    expect(await env.SESSIONS.get(`sess:${hash}`)).not.toBeNull();
    expect((await post("/auth/logout", {}, { token })).status).toBe(200);
    expect(await env.SESSIONS.get(`sess:${hash}`)).toBeNull();
    const row = await env.DB.prepare("select revoked_at from sessions where id_hash = ?").bind(hash).first<{ revoked_at: string }>();
    expect(row?.revoked_at).toBeTruthy();
    expect((await get("/auth/self", { token })).status).toBe(401);
    expect((await post("/auth/logout", {}, { token })).status).toBe(401);
  });

  it("stores no raw session id or token anywhere in D1 or KV keys", async () => {
    const token = await login("api@demo.test");
    const sub = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sub as string;
    await get("/auth/self", { token });
    const keys = (await env.SESSIONS.list()).keys.map((k) => k.name);
    expect(keys.some((k) => k.includes(sub))).toBe(false);
    const rows = await env.DB.prepare("select id_hash from sessions").all<{ id_hash: string }>();
    expect(rows.results.some((r) => r.id_hash.includes(sub))).toBe(false);
  });
});

async function sha256(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

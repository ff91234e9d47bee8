import { describe, expect, it } from "vitest";
import { call, get, login, post } from "../helpers/http";

type Doc = { paths: Record<string, Record<string, unknown>> };
const RATE_HEADERS = ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy"];
const missingHeaders = (res: Response) => RATE_HEADERS.filter((h) => res.headers.get(h) === null);

const LOGINS = ["/auth/authorize", "/auth/mobile-form-authorization"];

describe("RateLimit-* headers on every answer made for a tenant", async () => {
  const doc = (await (await get("/openapi.json")).json()) as Doc;

  it("every token-authenticated operation carries them, whatever it answers (a body that is no object gets 400)", async () => {
    const token = await login("api@demo.test");
    const failures: string[] = [];
    let swept = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      // The logins take no token; their answers carry the email's login budget (checked below and in test/auth).
      if (!/^\/(auth|edc|flask|data-server)\//.test(path) || LOGINS.includes(path)) continue;
      for (const method of Object.keys(ops)) {
        // logout would end the session the rest of the sweep uses; it is checked below.
        if (path === "/auth/logout") continue;
        const m = method.toUpperCase();
        // A body that is no object: every write answers 400, so the sweep changes no data (an empty
        // object would create an auto-labelled subject in cc_demo, which other files read).
        const res = await call(m, path.replace(/\{[^}]*\}/g, "1"), m === "GET" ? undefined : [], { token, edc: "cc_demo" });
        await res.arrayBuffer();
        swept += 1;
        const missing = missingHeaders(res);
        if (missing.length) failures.push(`${m} ${path} (${res.status}): no ${missing.join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(20);
  });

  it("logout carries them too, counted against the caller's customer", async () => {
    const token = await login("admin@demo.test");
    const res = await post("/auth/logout", {}, { token });
    expect(res.status).toBe(200);
    expect(missingHeaders(res)).toEqual([]);
    expect(res.headers.get("ratelimit-policy")).toMatch(/^\d+;w=60$/);
  });

  it("login answers carry the email's login budget: 5 failures per 15 minutes", async () => {
    const first = await post("/auth/authorize", { email: "study@demo.test", password: "wrong" });
    expect(first.status).toBe(401);
    expect(first.headers.get("ratelimit-limit")).toBe("5");
    expect(first.headers.get("ratelimit-remaining")).toBe("4");
    expect(first.headers.get("ratelimit-policy")).toBe("5;w=900");
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(890);
    for (let i = 0; i < 4; i++) await (await post("/auth/authorize", { email: "study@demo.test", password: "wrong" })).arrayBuffer();
    const locked = await post("/auth/authorize", { email: "study@demo.test", password: "demo-password" });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("ratelimit-remaining")).toBe("0");
    expect(locked.headers.get("ratelimit-reset")).toBe(locked.headers.get("retry-after"));
    const good = await post("/auth/authorize", { email: "site@demo.test", password: "demo-password" });
    expect(good.status).toBe(200);
    expect(good.headers.get("ratelimit-remaining")).toBe("5");
  });
});

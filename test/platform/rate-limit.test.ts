import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { get, login, problemOf } from "../helpers/http";

describe("per-tenant rate limits on token-authenticated routes", () => {
  it("sends RateLimit-* headers, then 429 with Retry-After once the customer's budget is spent", async () => {
    await env.DB.prepare(`update customers set features = '{"rate_limit_per_minute": 3}' where id = 2`).run();
    const token = await login("api@other.test");
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await get("/auth/self", { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      remaining.push(res.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await get("/auth/self", { token });
    const { status, contentType, body } = await problemOf(limited);
    expect(status).toBe(429);
    expect(contentType).toBe("application/problem+json");
    expect(body.error).toBe("rate_limited");
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("keeps tenants apart: another customer's budget is untouched", async () => {
    const token = await login("api@demo.test");
    const res = await get("/auth/self", { token });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("ratelimit-limit"))).toBe(Number(env.RATE_LIMIT_PER_MINUTE));
    expect(Number(res.headers.get("ratelimit-remaining"))).toBe(Number(env.RATE_LIMIT_PER_MINUTE) - 1);
  });
});

import { describe, expect, it } from "vitest";
import { get, login, post } from "../helpers/http";

describe("POST /auth/authorize — happy path", () => {
  it("returns an HS384 JWT whose exp (ms) equals `expired`, 3 h ahead", async () => {
    const before = Date.now();
    const res = await post("/auth/authorize", { email: "api@demo.test", password: "demo-password" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expired: string };
    expect(body.expired).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const [header, payload] = body.token
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/"))));
    expect(header).toEqual({ alg: "HS384", typ: "JWT" });
    expect(payload.sub).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(payload.exp).toBe(Date.parse(body.expired));
    expect(payload.exp - before).toBeGreaterThan(3 * 3600 * 1000 - 60_000);
    expect(payload.exp - before).toBeLessThanOrEqual(3 * 3600 * 1000 + 5_000);
    expect(Number.isInteger(payload.iat)).toBe(true);
  });

  it("takes the body as `curl -d` sends it (JSON labelled as a form) and as a real form", async () => {
    const curl = await post("/auth/authorize", '{"email":"api@demo.test","password":"demo-password"}', {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(curl.status).toBe(200);
    const { token } = (await curl.json()) as { token: string };
    expect((await get("/auth/self", { token })).status).toBe(200);
    const form = await post("/auth/authorize", "email=api%40demo.test&password=demo-password", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(200);
    expect(((await form.json()) as { token: string }).token.split(".")).toHaveLength(3);
  });

  it("accepts the token raw, as `JWT <token>` and as `Bearer <token>`", async () => {
    const token = await login("api@demo.test");
    for (const header of [token, `JWT ${token}`, `Bearer ${token}`, `bearer ${token}`]) {
      const res = await get("/auth/self", { token: header });
      expect(res.status, header.slice(0, 10)).toBe(200);
      expect(((await res.json()) as { email: string }).email).toBe("api@demo.test");
    }
  });

  it("matches the email case-insensitively", async () => {
    const res = await post("/auth/authorize", { email: "API@Demo.Test", password: "demo-password" });
    expect(res.status).toBe(200);
  });

  it("revokes the session on logout: the same token then gets 401", async () => {
    const token = await login("admin@demo.test");
    expect((await get("/auth/self", { token })).status).toBe(200);
    const out = await post("/auth/logout", {}, { token });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ status: "logged_out" });
    const after = await get("/auth/self", { token });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toBe("application/problem+json");
  });
});

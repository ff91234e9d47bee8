import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { post, problemOf } from "../helpers/http";

const count = async (sql: string, ...binds: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n ?? 0;

describe("POST /auth/authorize — bad input and bad credentials", () => {
  it("answers 400 problem+json listing every bad field with its JSON Pointer", async () => {
    const { status, contentType, body } = await problemOf(await post("/auth/authorize", { email: "not-an-email", password: "" }));
    expect(status).toBe(400);
    expect(contentType).toBe("application/problem+json");
    expect(body).toMatchObject({
      status: 400,
      error: "validation_failed",
      title: "Bad Request",
      type: expect.stringContaining("validation_failed"),
    });
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["/email", "/password"]);
    expect(body.request_id).toBeTruthy();
  });

  it("answers 400 invalid_json for a body that is not JSON", async () => {
    const res = await post("/auth/authorize", "{not json", { headers: { "content-type": "application/json" } });
    const { status, body } = await problemOf(res);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_json");
  });

  it("answers 415 problem+json for a body of another media type, rather than skipping validation", async () => {
    const res = await post("/auth/authorize", "email=api@demo.test", { headers: { "content-type": "text/plain" } });
    const { status, contentType, body } = await problemOf(res);
    expect(status).toBe(415);
    expect(contentType).toBe("application/problem+json");
    expect(body.error).toBe("unsupported_media_type");
  });

  it("validates a form body like a JSON one: a missing password is named", async () => {
    const res = await post("/auth/authorize", "email=api%40demo.test", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const { status, body } = await problemOf(res);
    expect(status).toBe(400);
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(["/password"]);
  });

  it("answers 401 for a wrong password and for an unknown email, with the same detail, and records both", async () => {
    const wrong = await problemOf(await post("/auth/authorize", { email: "api@demo.test", password: "nope" }));
    const unknown = await problemOf(await post("/auth/authorize", { email: "ghost@demo.test", password: "nope" }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(await count("select count(*) n from audit_user_login where email = ? and outcome = 'bad_password'", "api@demo.test")).toBe(1);
    expect(await count("select count(*) n from audit_user_login where email = ? and outcome = 'unknown_user'", "ghost@demo.test")).toBe(1);
  });

  it("locks an email after 5 failures in 15 minutes: 429 with Retry-After, even for the right password", async () => {
    const email = "study@demo.test";
    for (let i = 0; i < 5; i++) expect((await post("/auth/authorize", { email, password: `bad-${i}` })).status).toBe(401);
    const locked = await post("/auth/authorize", { email, password: "demo-password" });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect((await problemOf(locked)).body.error).toBe("login_locked");
    expect(await count("select count(*) n from audit_user_login where email = ? and outcome = 'locked'", email)).toBe(1);
    // Other emails are not affected.
    expect((await post("/auth/authorize", { email: "site@demo.test", password: "demo-password" })).status).toBe(200);
  });

  it("unlocks once the 15 minutes have passed since the fifth failure", async () => {
    const email = "subject@demo.test";
    const old = new Date(Date.now() - 16 * 60 * 1000).toISOString();
    for (let i = 0; i < 5; i++) {
      await env.DB.prepare("insert into audit_user_login (email, outcome, date_created) values (?, 'bad_password', ?)")
        .bind(email, old)
        .run();
    }
    expect((await post("/auth/authorize", { email, password: "demo-password" })).status).toBe(200);
  });

  it("refuses a disabled account", async () => {
    await env.DB.prepare("update users set status = 'disabled' where email = 'site@demo.test'").run();
    const res = await post("/auth/authorize", { email: "site@demo.test", password: "demo-password" });
    expect(res.status).toBe(401);
    expect((await problemOf(res)).body.detail).toBe("This account is disabled.");
    await env.DB.prepare("update users set status = 'active' where email = 'site@demo.test'").run();
  });
});

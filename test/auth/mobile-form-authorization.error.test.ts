import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { post, problemOf } from "../helpers/http";

const LOGIN = "/auth/mobile-form-authorization";
const outcomes = (email: string) =>
  env.DB.prepare("select outcome from audit_user_login where email = ? and channel = 'auth/mobile-form-authorization' order by id")
    .bind(email)
    .all<{ outcome: string }>()
    .then((r) => r.results.map((x) => x.outcome));

describe("POST /auth/mobile-form-authorization — bad input, bad credentials, other accounts", () => {
  it("answers 400 problem+json naming every bad field", async () => {
    const { status, contentType, body } = await problemOf(await post(LOGIN, { email: "nope", password: "" }));
    expect(status).toBe(400);
    expect(contentType).toBe("application/problem+json");
    expect(body.error).toBe("validation_failed");
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["/email", "/password"]);
  });

  it("answers 401 with one detail for a wrong password and an unknown email, and records both", async () => {
    const wrong = await problemOf(await post(LOGIN, { email: "subject@demo.test", password: "nope" }));
    const unknown = await problemOf(await post(LOGIN, { email: "ghost-subject@demo.test", password: "nope" }));
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(await outcomes("subject@demo.test")).toEqual(["bad_password"]);
    expect(await outcomes("ghost-subject@demo.test")).toEqual(["unknown_user"]);
  });

  it("refuses every non-subject account with 403 subject_login_only once its password is right, recorded as forbidden", async () => {
    for (const email of ["admin@demo.test", "api@demo.test", "study@demo.test", "site@demo.test", "api@other.test"]) {
      const res = await problemOf(await post(LOGIN, { email, password: "demo-password" }));
      expect(res.status, email).toBe(403);
      expect(res.contentType).toBe("application/problem+json");
      expect(res.body.error).toBe("subject_login_only");
      expect(await outcomes(email)).toEqual(["forbidden"]);
    }
    expect(await env.DB.prepare("select count(*) n from sessions where user_id in (1, 2, 3, 4, 20)").first("n")).toBe(0);
  });

  it("a non-subject with a wrong password gets the plain 401: the role is not revealed to a guesser", async () => {
    const res = await problemOf(await post(LOGIN, { email: "study@demo.test", password: "wrong" }));
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("The email or password is not correct.");
  });

  it("refusals of a right password are no failures: they never lock the account", async () => {
    for (let i = 0; i < 6; i++) expect((await post(LOGIN, { email: "site@demo.test", password: "demo-password" })).status).toBe(403);
    expect((await post("/auth/authorize", { email: "site@demo.test", password: "demo-password" })).status).toBe(200);
  });

  it("a subject-role account not linked to a study subject is refused too", async () => {
    await env.DB.prepare("update users set study_subject_label = null where id = 5").run();
    const res = await problemOf(await post(LOGIN, { email: "subject@demo.test", password: "demo-password" }));
    expect(res.status).toBe(403);
    expect(res.body.error).toBe("subject_login_only");
    await env.DB.prepare("update users set study_subject_label = 'DEMO-S01-001' where id = 5").run();
  });

  it("a disabled subject gets 401 'This account is disabled.'", async () => {
    await env.DB.prepare("update users set status = 'disabled' where id = 5").run();
    const res = await problemOf(await post(LOGIN, { email: "subject@demo.test", password: "demo-password" }));
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("This account is disabled.");
    await env.DB.prepare("update users set status = 'active' where id = 5").run();
  });
});

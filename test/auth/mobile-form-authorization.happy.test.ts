import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { get, login, post } from "../helpers/http";

const LOGIN = "/auth/mobile-form-authorization";
const SUBJECT = { email: "subject@demo.test", password: "demo-password" };

async function subjectToken(): Promise<string> {
  const res = await post(LOGIN, SUBJECT);
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe("POST /auth/mobile-form-authorization — the ePRO subject login", () => {
  it("answers {token, expired} like /auth/authorize: an HS384 JWT whose exp (ms) is `expired`, 3 h ahead", async () => {
    const before = Date.now();
    const res = await post(LOGIN, SUBJECT);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expired: string };
    expect(Object.keys(body).sort()).toEqual(["expired", "token"]);
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
  });

  it("records the login in audit_user_login (channel auth/mobile-form-authorization) and in the hash chain", async () => {
    await subjectToken();
    const rows = await env.DB.prepare(
      "select outcome, customer_id, user_id from audit_user_login where email = ? and channel = 'auth/mobile-form-authorization'",
    )
      .bind(SUBJECT.email)
      .all();
    expect(rows.results.length).toBeGreaterThanOrEqual(1);
    expect(rows.results.every((r) => r.outcome === "success" && r.customer_id === 1 && r.user_id === 5)).toBe(true);
    const chain = await env.DB.prepare("select after_json from audit_trail where action = 'auth.login' and actor = 'user:5'").all<{
      after_json: string;
    }>();
    expect(chain.results.map((r) => JSON.parse(r.after_json).channel)).toContain("auth/mobile-form-authorization");
    const verify = await post("/flask/audit/verify-chain", {}, { token: await login("admin@demo.test") });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true });
  });

  it("the token is the subject's: /auth/self names its study subject", async () => {
    const token = await subjectToken();
    const res = await get("/auth/self", { token: `JWT ${token}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: 5,
      email: "subject@demo.test",
      role_id: 5,
      study_subject_label: "DEMO-S01-001",
      customer_id: 1,
    });
  });

  it("the subject writes and reads its own CRF data through the Flask Forms routes with the token", async () => {
    const token = await subjectToken();
    const created = await post(
      "/data-server/data/create/create-event-crfs-and-insert-data",
      {
        study_id: 101,
        eventName: "ePRO diary 1",
        CRFs: { Vitals: { SYSBP: 121, WEIGHT: 61.5 } },
      },
      { token },
    );
    expect(created.status).toBe(201);
    const made = (await created.json()) as { subject_label: string; crfDataIds: Record<string, string> };
    expect(made.subject_label).toBe("DEMO-S01-001");

    const ids = await post("/flask/crf/get-CRF-data-ids", { study_id: 101, crf_name: "Vitals" }, { token });
    expect(ids.status).toBe(200);
    expect(((await ids.json()) as { crfDataIds: string[] }).crfDataIds).toContain(made.crfDataIds.Vitals);

    const updated = await post("/flask/crf/update-CRF-data", { crfDataId: made.crfDataIds.Vitals, crf_data: { SYSBP: 119 } }, { token });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { crf_data: Record<string, unknown> }).crf_data).toMatchObject({ SYSBP: 119, WEIGHT: 61.5 });

    const grouped = await post("/data-server/data/extract/extract-grouped-study-event-data-to-json", { study_id: 101 }, { token });
    expect(grouped.status).toBe(200);
    expect(((await grouped.json()) as { subject: string }[]).map((g) => g.subject)).toEqual(["DEMO-S01-001"]);
  });

  it("takes the body as a form or as curl -d sends it, and ignores an Authorization header some ePRO clients send", async () => {
    const form = await post(LOGIN, "email=subject%40demo.test&password=demo-password", {
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "JWT not-a-token" },
    });
    expect(form.status).toBe(200);
    const curl = await post(LOGIN, JSON.stringify(SUBJECT), { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(curl.status).toBe(200);
  });

  it("logout revokes the subject's session like any other", async () => {
    const token = await subjectToken();
    expect((await post("/auth/logout", {}, { token })).status).toBe(200);
    expect((await get("/auth/self", { token })).status).toBe(401);
  });

  it("is declared in /openapi.json with its operationId, examples and error responses", async () => {
    const doc = (await (await get("/openapi.json")).json()) as any;
    const op = doc.paths["/auth/mobile-form-authorization"].post;
    expect(op.operationId).toBe("authMobileFormAuthorization");
    expect(op.description).toContain("subject");
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "413", "429"]);
    expect(op.responses["403"].content["application/problem+json"].example.error).toBe("subject_login_only");
    expect(op.requestBody.content["application/json"].example).toEqual(SUBJECT);
  });
});

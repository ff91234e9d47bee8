import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { post, problemOf } from "../helpers/http";

const LOGIN = "/auth/mobile-form-authorization";

async function subjectToken(): Promise<string> {
  const res = await post(LOGIN, { email: "subject@demo.test", password: "demo-password" });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe("a subject's ePRO token reaches only the subject's own data", () => {
  it("is refused every other subject's CRF data, read or written", async () => {
    const token = await subjectToken();
    const other = await env.DB.prepare(
      "select crf_data_id from forms_crf_data where subject_label <> 'DEMO-S01-001' and status = 'Started' limit 1",
    ).first<string>("crf_data_id");
    expect(other).toBeTruthy();
    const attempts: [string, unknown][] = [
      ["/flask/crf/get-CRF-data-ids", { study_id: 101, subject_label: "DEMO-S01-002", crf_name: "Demographics" }],
      ["/flask/crf/update-CRF-data", { crfDataId: other, crf_data: { AGE: 99 } }],
      [
        "/flask/crf/create-event-CRF-and-insert-data",
        { study_id: 101, subject_label: "DEMO-S02-001", event_name: "X", crf_name: "Vitals", crf_data: { SYSBP: 1 } },
      ],
      [
        "/data-server/data/create/create-event-crfs-and-insert-data",
        { study_id: 101, eventName: "X", subjectLabel: "DEMO-S01-003", CRFs: { Vitals: { SYSBP: 1 } } },
      ],
      ["/flask/crf/get-CRF-data-ids", { study_id: 102, crf_name: "Demographics" }],
    ];
    for (const [path, body] of attempts) {
      const res = await problemOf(await post(path, body, { token }));
      expect(res.status, path).toBe(403);
      expect(res.contentType).toBe("application/problem+json");
    }
    const data = await env.DB.prepare("select data from forms_crf_data where crf_data_id = ?").bind(other).first<string>("data");
    expect(JSON.parse(data!).AGE).not.toBe(99);
    expect(await env.DB.prepare("select count(*) n from forms_crf_data where event_name = 'X'").first("n")).toBe(0);
  });

  it("sees only its own rows in the study-wide extracts and the EDC, and no customer tables or device logs", async () => {
    const token = await subjectToken();
    const partial = await post("/data-server/data/extract/partial-extract-study-event-data-to-json", { study_id: 101 }, { token });
    expect(partial.status).toBe(200);
    const rows = (await partial.json()) as { subject: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.subject))).toEqual(new Set(["DEMO-S01-001"]));
    expect((await post("/flask/customer/extract-data-to-json", { tableName: "subjects" }, { token })).status).toBe(403);
    expect((await post("/flask/device/get-logs", { study_id: 101 }, { token })).status).toBe(403);
    // The EDC holds it to its own subject too (src/edc/row-scope.ts): its rows of cc_event_data, nobody else's.
    const edc = await post("/edc/study/extract-data", { tableName: "cc_event_data" }, { token, edc: "cc_demo" });
    expect(edc.status).toBe(200);
    const edcRows = (await edc.json()) as { subject: string }[];
    expect(edcRows.length).toBeGreaterThan(0);
    expect(new Set(edcRows.map((r) => r.subject))).toEqual(new Set(["DEMO-S01-001"]));
  });
});

describe("the ePRO login is under the same lockout as every password login", () => {
  it("five failures lock the email for 15 minutes: 429 with Retry-After, even for the right password, on both logins", async () => {
    const email = "subject@demo.test";
    for (let i = 0; i < 3; i++) expect((await post(LOGIN, { email, password: `guess-${i}` })).status).toBe(401);
    for (let i = 3; i < 5; i++) expect((await post("/auth/authorize", { email, password: `guess-${i}` })).status).toBe(401);
    const locked = await post(LOGIN, { email, password: "demo-password" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(locked.headers.get("ratelimit-policy")).toBe("5;w=900");
    expect((await problemOf(locked)).body.error).toBe("login_locked");
    expect((await post("/auth/authorize", { email, password: "demo-password" })).status).toBe(429);
    const rows = await env.DB.prepare("select outcome, channel from audit_user_login where email = ? and outcome <> 'success' order by id")
      .bind(email)
      .all<{ outcome: string; channel: string }>();
    expect(rows.results.map((r) => `${r.outcome}@${r.channel}`)).toEqual([
      ...Array(3).fill("bad_password@auth/mobile-form-authorization"),
      ...Array(2).fill("bad_password@auth/authorize"),
      "locked@auth/mobile-form-authorization",
      "locked@auth/authorize",
    ]);
  });

  it("the budget shows on every answer: RateLimit-Remaining counts down with the failures", async () => {
    const email = "ghost-epro@demo.test";
    const first = await post(LOGIN, { email, password: "x" });
    expect(first.headers.get("ratelimit-remaining")).toBe("4");
    const second = await post(LOGIN, { email, password: "x" });
    expect(second.headers.get("ratelimit-remaining")).toBe("3");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { registerEdcStudy } from "../helpers/edc-edge-schema";
import { ccGet } from "../helpers/commcare";
import { edcPost } from "../helpers/edc";
import { flaskPost } from "../helpers/flask";
import { get, login, problemOf } from "../helpers/http";

// cc_unreachable is a Demo Clinic EDC database (like cc_demo) whose Hyperdrive origin refuses every
// connection (test/faults/edc-fault-server.mjs).
let token: string;

beforeAll(async () => {
  await registerEdcStudy(171, "cc_unreachable");
  token = await login("api@demo.test");
});

async function expectUnavailable(res: Response) {
  const { status, contentType, body } = await problemOf(res);
  expect(status).toBe(503);
  expect(contentType).toBe("application/problem+json");
  expect(body.error).toBe("edc_unavailable");
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  // No driver or socket detail reaches the client.
  expect(JSON.stringify(body)).not.toMatch(/08006|refused|127\.0\.0\.1|postgres/i);
}

/** Every other family keeps answering while an EDC is down. */
async function expectOthersAnswer() {
  expect((await get("/auth/self", { token })).status).toBe(200);
  const flask = await flaskPost("api@demo.test", "/flask/customer/extract-data-to-json", { tableName: "studies" });
  expect(flask.status).toBe(200);
  expect((await ccGet("/a/demo/api/v0.5/application/?limit=1")).status).toBe(200);
}

describe("an unreachable EDC", () => {
  it("answers 503 edc_unavailable (problem+json, Retry-After) at once on every EDC route, and the other families keep answering", async () => {
    const calls: [string, unknown][] = [
      ["/edc/study/extract-data", { tableName: "cc_event_data" }],
      ["/edc/study/extract-study-data-at-crf-level", {}],
      ["/edc/study/download-csvs-data", {}],
      ["/edc/subjects/create-subject", { site: "DEMO-S01" }],
    ];
    for (const [path, body] of calls) {
      const started = performance.now();
      const res = await edcPost(path, body, { token, edc: "cc_unreachable" });
      const ms = performance.now() - started;
      await expectUnavailable(res);
      console.log(`[edc-unreachable] ${path}: 503 in ${ms.toFixed(0)} ms`);
      // connect_timeout is 5 s; a refused connection must not wait for it.
      expect(ms, path).toBeLessThan(1_000);
    }
    await expectOthersAnswer();
  });

  it("serves cc_demo as before once the request goes to a reachable EDC", async () => {
    const res = await edcPost("/edc/study/extract-data", { tableName: "site_subject_counts()" }, { token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
  });
});

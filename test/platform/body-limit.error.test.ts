import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { edcChecksum } from "../helpers/edc";
import { call, login } from "../helpers/http";

// flaskdata-api.md §0.2: 413 on every problem+json family, answered before any handler reads the body.
const BIG = JSON.stringify({ tableName: "cc_event_data", filters: { subject: "x".repeat(1024 * 1024) } });
const EDC_ROUTES = [
  "/edc/study/extract-data",
  "/edc/study/extract-study-data-at-crf-level",
  "/edc/study/extract-study-data-at-crf-level-to-csvs",
  "/edc/study/download-csvs-data",
  "/edc/subjects/create-subject",
];

describe("request bodies over 1 MB", () => {
  it("every /edc route answers 413 payload_too_large and the EDC is unchanged", async () => {
    const token = await login("api@demo.test");
    const before = await edcChecksum(["cc_demo"]);
    for (const path of EDC_ROUTES) {
      const res = await call("POST", path, BIG, { token, edc: "cc_demo", headers: { "content-type": "application/json" } });
      expect(res.status, path).toBe(413);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { error: string }).error).toBe("payload_too_large");
    }
    expect(await edcChecksum(["cc_demo"])).toBe(before);
  });

  it("POST /auth/authorize answers 413 and records no login attempt", async () => {
    const attempts = async () => (await env.DB.prepare("select count(*) n from audit_user_login").first<{ n: number }>())!.n;
    const before = await attempts();
    const body = JSON.stringify({ email: "api@demo.test", password: "p".repeat(1024 * 1024 + 1) });
    const res = await call("POST", "/auth/authorize", body, { headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe("payload_too_large");
    expect(await attempts()).toBe(before);
  });
});

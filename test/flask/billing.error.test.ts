import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ADMIN, flaskPost, OTHER_API, STUDY } from "../helpers/flask";

const F2 = "/flask/customer/download-billing-reports";

describe("download-billing-reports (F2): errors", () => {
  it("404 no_reports when the month has none", async () => {
    const r = await flaskPost(ADMIN, F2, { billingDate: "2026-03-10" });
    expect(r.status).toBe(404);
    expect(r.json.error).toBe("no_reports");
  });

  it("403 feature_disabled when the customer's feature is off (even after a cron run)", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled!({ cron: "0 2 1 * *", scheduledTime: Date.parse("2026-11-01T02:00:00Z"), noRetry() {} } as any, env as any, ctx);
    await waitOnExecutionContext(ctx);
    const r = await flaskPost(OTHER_API, F2, { billingDate: "2026-10-15" });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe("feature_disabled");
  });

  it("403 for study-role users; 400 for a date that is not ISO", async () => {
    expect((await flaskPost(STUDY, F2, { billingDate: "2026-10-15" })).status).toBe(403);
    for (const billingDate of ["15/10/2026", "2026-13", "October", ""]) {
      expect((await flaskPost(ADMIN, F2, { billingDate })).status, billingDate).toBe(400);
    }
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { API, count, flaskPost } from "../helpers/flask";

describe("insert-log and the request budget", () => {
  it("stores nothing once the customer's budget is spent, though the write's reads ran while the limiter answered", async () => {
    await env.DB.prepare(`update customers set features = '{"rate_limit_per_minute": 2}' where id = 1`).run();
    const log = () =>
      flaskPost(
        API,
        "/flask/device/insert-log",
        { deviceId: "DEV-BUDGET", subjectLabel: "DEMO-S01-002", logType: "sync", payload: { n: 1 } },
        { edc: "cc_demo" },
      );
    expect((await log()).status).toBe(201);
    expect((await log()).status).toBe(201);
    const logs = await count("select count(*) n from device_logs where device_id = 'DEV-BUDGET'");
    const audit = await count("select count(*) n from audit_trail where tenant = 'customer:1'");
    const limited = await log();
    expect(limited.status).toBe(429);
    expect(limited.json.error).toBe("rate_limited");
    expect(limited.headers.get("retry-after")).toBeTruthy();
    expect(await count("select count(*) n from device_logs where device_id = 'DEV-BUDGET'")).toBe(logs);
    expect(await count("select count(*) n from audit_trail where tenant = 'customer:1'")).toBe(audit);
  });
});

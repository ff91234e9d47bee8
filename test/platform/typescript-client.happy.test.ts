import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTrialEdgeClient } from "../../clients/typescript/src";
import { ADMIN } from "../helpers/commcare";
import { BASE, call, login } from "../helpers/http";

/** The generated client, sending its requests through the Worker inside workerd. */
const client = (options: Parameters<typeof createTrialEdgeClient>[0] = {}) =>
  createTrialEdgeClient({ baseUrl: BASE, fetch: (req: Request) => SELF.fetch(req), ...options });

describe("clients/typescript drives the three API families", () => {
  it("logs in and reads /auth/self", async () => {
    const body = { email: "api@demo.test", password: "demo-password" };
    const { data: token, response } = await client().POST("/auth/authorize", { body });
    expect(response.status).toBe(200);
    expect(token!.token.length).toBeGreaterThan(20);
    const { data: me, error } = await client({ token: token!.token }).GET("/auth/self");
    expect(error).toBeUndefined();
    expect(me!.email).toBe("api@demo.test");
    expect(me!.expired).toBe(token!.expired);
  });

  it("answers a wrong password with the typed problem+json error", async () => {
    const { data, error, response } = await client().POST("/auth/authorize", { body: { email: "api@demo.test", password: "not-it" } });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error!.status).toBe(401);
    expect(typeof error!.error).toBe("string");
  });

  it("extracts EDC rows (edcExtractData) as the raw API returns them", async () => {
    const token = await login("api@demo.test");
    const body = { tableName: "cc_event_data", fromDate: "2017-01-01T00:00:00.000Z", toDate: "2019-02-01T00:00:00.000Z", sort: "subject" };
    const { data, response } = await client({ token, edc: "cc_demo" }).POST("/edc/study/extract-data", { body });
    expect(response.status).toBe(200);
    const raw = await (await call("POST", "/edc/study/extract-data", body, { token, edc: "cc_demo" })).json();
    expect(data).toEqual(raw);
    expect((data as unknown[]).length).toBeGreaterThan(0);
  });

  it("reads Flask device logs (flaskGetLogs)", async () => {
    const token = await login("api@demo.test");
    const body = { studyId: 101, deviceId: "DEV-0002", limit: 1000 };
    const { data, response } = await client({ token }).POST("/flask/device/get-logs", { body });
    expect(response.status).toBe(200);
    const expected = await env.DB.prepare(
      "select id from device_logs where study_id = 101 and device_id = 'DEV-0002' order by log_date, id",
    ).all<{ id: number }>();
    expect(expected.results.length).toBeGreaterThan(0);
    expect(data!.map((l) => l.id)).toEqual(expected.results.map((r) => r.id));
  });

  it("lists CommCare locations (commcareLocationListV2) with an API key", async () => {
    const cc = client({ commcareApiKey: { username: ADMIN.user, key: ADMIN.key } });
    const params = { path: { domain: "demo" }, query: { limit: "100" } };
    const { data, response } = await cc.GET("/a/{domain}/api/location/v2/", { params });
    expect(response.status).toBe(200);
    // The operation answers JSON, or XML with `format=xml`; this request asked for JSON.
    const page = data as Exclude<typeof data, string | undefined>;
    const active = await env.DB.prepare("select location_id from cc_locations where domain_id = 1 and is_archived = 0").all<{
      location_id: string;
    }>();
    expect(page.meta.total_count).toBe(active.results.length);
    expect(page.objects.map((o) => o.location_id).sort()).toEqual(active.results.map((r) => r.location_id).sort());
  });
});

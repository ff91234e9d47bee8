import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, API, count, flaskPost } from "../helpers/flask";

const EXTRACT = "/flask/customer/extract-data-to-json";

describe("extract-data-to-json (F1)", () => {
  it("returns the customer's studies, never another customer's", async () => {
    const r = await flaskPost(API, EXTRACT, { tableName: "studies" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/json");
    expect(r.json.map((s: any) => s.id)).toEqual([101, 102]);
    expect(r.json.every((s: any) => s.customer_id === 1)).toBe(true);
  });

  it("serves study_metadata, subjects, device_logs (payload parsed), forms and CRF data", async () => {
    const meta = await flaskPost(API, EXTRACT, { tableName: "study_metadata", studyIds: [101] });
    expect(meta.json.map((m: any) => m.key)).toEqual(["phase", "indication"]);
    const logs = await flaskPost(API, EXTRACT, { table_name: "device_logs" });
    expect(logs.json).toHaveLength(await count("select count(*) n from device_logs where customer_id = 1"));
    expect(logs.json[0].payload).toEqual({ seq: 0, battery: 100, firmware: "1.4.2" });
    const crf = await flaskPost(API, EXTRACT, { tableName: "forms_crf_data", filters: { crf_name: "Vitals" } });
    expect(crf.json).toHaveLength(3);
    expect(crf.json[0].data).toHaveProperty("SYSBP");
  });

  it("makes the audit trail, the login audit and billing_reports_customer extractable", async () => {
    const trail = await flaskPost(ADMIN, EXTRACT, { tableName: "audit_trail" });
    expect(trail.status).toBe(200);
    expect(trail.json.length).toBeGreaterThan(0);
    expect(trail.json.every((r: any) => r.customer_id === 1 && r.tenant === "customer:1")).toBe(true);
    const logins = await flaskPost(ADMIN, EXTRACT, { tableName: "audit_user_login", filters: { outcome: "success" } });
    expect(logins.json.length).toBeGreaterThan(0);
    expect(logins.json.every((r: any) => r.customer_id === 1)).toBe(true);
    const billing = await flaskPost(ADMIN, EXTRACT, { tableName: "billing_reports_customer" });
    expect(billing.json).toEqual([]);
  });

  it("applies filters (=, IN, IS NULL) and inclusive dates (a date-only toDate is the whole day)", async () => {
    const inList = await flaskPost(API, EXTRACT, { tableName: "sites", filters: { unique_identifier: ["DEMO-S01", "REG-A"] } });
    expect(inList.json.map((s: any) => s.id)).toEqual([1001, 1003]);
    const isNull = await flaskPost(API, EXTRACT, { tableName: "studies", filters: { dbname: null } });
    expect(isNull.json.map((s: any) => s.id)).toEqual([102]);
    const oct = await flaskPost(API, EXTRACT, { tableName: "device_logs", fromDate: "2026-10-01", toDate: "2026-10-31" });
    const expected = await count(
      "select count(*) n from device_logs where customer_id = 1 and date_created >= '2026-10-01T00:00:00.000Z' and date_created <= '2026-10-31T23:59:59.999Z'",
    );
    expect(expected).toBeGreaterThan(0);
    expect(oct.json).toHaveLength(expected);
  });

  it("streams more rows than one keyset page, in id order, as JSON or NDJSON", async () => {
    const stmt = env.DB.prepare(
      "insert into device_logs (customer_id, study_id, device_id, log_date, payload) values (1, 102, 'BULK', ?, '{\"n\":1}')",
    );
    await env.DB.batch(Array.from({ length: 1100 }, (_, i) => stmt.bind(new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString())));
    const all = await flaskPost(API, EXTRACT, { tableName: "device_logs", studyIds: [102] });
    expect(all.json).toHaveLength(1100);
    const ids = all.json.map((r: any) => r.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const nd = await flaskPost(
      API,
      EXTRACT,
      { tableName: "device_logs", studyIds: [102] },
      { headers: { accept: "application/x-ndjson" } },
    );
    expect(nd.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = nd.text.trim().split("\n");
    expect(lines).toHaveLength(1100);
    expect(JSON.parse(lines[1099]!).id).toBe(ids[1099]);
  });

  it("never lists credentials: users has no password_hash", async () => {
    const users = await flaskPost(ADMIN, EXTRACT, { tableName: "users" });
    expect(users.json.length).toBe(5);
    expect(users.text).not.toContain("password");
    expect(users.text).not.toContain("pbkdf2");
  });
});

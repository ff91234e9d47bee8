import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { d1 } from "../../src/db/d1";
import { appendAudit, auditedBatch, verifyAuditChain } from "../../src/lib/audit";

const db = () => d1(env.DB);
const ctx = (tenant: string) => ({ tenant, customerId: null, actor: "test", requestId: "req-1", reason: "unit test" });

async function writeRows(tenant: string, n: number) {
  for (let i = 0; i < n; i++) {
    await appendAudit(db(), ctx(tenant), [{ action: "test.write", entity: "thing", entityId: i, before: { v: i }, after: { v: i + 1 } }]);
  }
}

describe("audit trail hash chain", () => {
  it("chains rows per tenant: seq 1..n, each linked to its predecessor, and verifies", async () => {
    await writeRows("domain:chain-a", 4);
    await writeRows("domain:chain-b", 2);
    const a = await verifyAuditChain(db(), "domain:chain-a");
    expect(a).toEqual({ tenant: "domain:chain-a", ok: true, rows_checked: 4 });
    expect((await verifyAuditChain(db(), "domain:chain-b")).rows_checked).toBe(2);
    const rows = await env.DB.prepare("select seq, prev_hash, hash from audit_trail where tenant = ? order by seq").bind("domain:chain-a").all<{ seq: number; prev_hash: string; hash: string }>();
    expect(rows.results.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < rows.results.length; i++) expect(rows.results[i]!.prev_hash).toBe(rows.results[i - 1]!.hash);
  });

  it("is append-only: UPDATE and DELETE are refused by the database", async () => {
    await writeRows("domain:chain-c", 1);
    await expect(env.DB.prepare("update audit_trail set actor = 'x' where tenant = 'domain:chain-c'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("delete from audit_trail where tenant = 'domain:chain-c'").run()).rejects.toThrow(/append-only/);
  });

  it("names the first tampered row when history is edited behind the triggers' back", async () => {
    await writeRows("domain:chain-d", 5);
    await env.DB.exec("DROP TRIGGER audit_trail_no_update");
    await env.DB.prepare("update audit_trail set after_json = '{\"v\":999}' where tenant = 'domain:chain-d' and seq = 3").run();
    const report = await verifyAuditChain(db(), "domain:chain-d");
    expect(report.ok).toBe(false);
    expect(report.first_broken).toMatchObject({ seq: 3, reason: "hash_mismatch" });
    expect(report.rows_checked).toBe(2);
  });

  it("detects a deleted row in the middle of the chain", async () => {
    await writeRows("domain:chain-e", 4);
    await env.DB.exec("DROP TRIGGER audit_trail_no_delete");
    await env.DB.prepare("delete from audit_trail where tenant = 'domain:chain-e' and seq = 2").run();
    const report = await verifyAuditChain(db(), "domain:chain-e");
    expect(report.first_broken).toMatchObject({ seq: 3, reason: "missing_seq" });
  });

  it("rolls back the write and its audit rows together when a statement of the batch fails", async () => {
    const before = await env.DB.prepare("select count(*) n from audit_trail").first<{ n: number }>();
    const database = db();
    await expect(
      auditedBatch(database, ctx("domain:chain-f"), () => ({
        statements: [database.run(sql.raw("insert into customers (id, name) values (99, 'Temp')")), database.run(sql.raw("insert into customers (id, name) values (98, 'Demo Clinic')"))],
        entries: [{ action: "test.fail", entity: "customer", entityId: 99 }],
      })),
    ).rejects.toThrow();
    expect(await env.DB.prepare("select count(*) n from customers where id = 99").first<{ n: number }>()).toEqual({ n: 0 });
    expect(await env.DB.prepare("select count(*) n from audit_trail").first<{ n: number }>()).toEqual(before);
  });

  it("keeps one unbroken chain under concurrent writers (optimistic retry on seq conflicts)", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => appendAudit(db(), ctx("domain:chain-g"), [{ action: "test.concurrent", entity: "thing", entityId: i }])));
    expect(await verifyAuditChain(db(), "domain:chain-g")).toEqual({ tenant: "domain:chain-g", ok: true, rows_checked: 8 });
  });
});

describe("X-Reason over HTTP", () => {
  it("is recorded with the audit row of the write it came with, together with who and which request", async () => {
    const { flaskPost, ADMIN } = await import("../helpers/flask");
    const res = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", { study_id: 101, name: "Reason Site", unique_identifier: "DEMO-R01" }, {
      headers: { "x-reason": "  Protocol amendment 3: new site  ", "x-request-id": "req-reason-0001" },
    });
    expect(res.status).toBe(201);
    const row = await env.DB.prepare("select actor, reason, request_id, customer_id from audit_trail where entity_id = ? and request_id = ?")
      .bind(String(res.json.id), "req-reason-0001")
      .first();
    expect(row).toEqual({ actor: "user:1", reason: "Protocol amendment 3: new site", request_id: "req-reason-0001", customer_id: 1 });
  });
});

import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { d1 } from "../../src/db/d1";
import { appendAudit, auditedBatch, sealAuditChain, sealThroughSealer, verifyAuditChain } from "../../src/lib/audit";

const db = () => d1(env.DB);
const ctx = (tenant: string) => ({ tenant, customerId: null, actor: "test", requestId: "req-1", reason: "unit test" });

async function writeRows(tenant: string, n: number) {
  for (let i = 0; i < n; i++) {
    await appendAudit(db(), ctx(tenant), [{ action: "test.write", entity: "thing", entityId: i, before: { v: i }, after: { v: i + 1 } }]);
  }
}

const chainOf = (tenant: string) =>
  env.DB.prepare("select id, seq, prev_hash, hash from audit_trail where tenant = ? order by id")
    .bind(tenant)
    .all<{ id: number; seq: number | null; prev_hash: string | null; hash: string | null }>();

describe("audit trail hash chain", () => {
  it("stores a write's audit rows unsealed, and the sealer chains them in write order: seq 1..n, each linked to its predecessor", async () => {
    await writeRows("domain:chain-a", 4);
    await writeRows("domain:chain-b", 2);
    expect((await chainOf("domain:chain-a")).results.map((r) => [r.seq, r.hash])).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(await verifyAuditChain(db(), "domain:chain-a")).toEqual({ tenant: "domain:chain-a", ok: true, rows_checked: 0, unsealed: 4 });

    expect(await sealAuditChain(db(), "domain:chain-a")).toBe(4);
    expect(await verifyAuditChain(db(), "domain:chain-a")).toEqual({ tenant: "domain:chain-a", ok: true, rows_checked: 4, unsealed: 0 });
    const rows = (await chainOf("domain:chain-a")).results;
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    // Another tenant's rows are its own chain, untouched by this one's sealing.
    expect(await verifyAuditChain(db(), "domain:chain-b")).toMatchObject({ rows_checked: 0, unsealed: 2 });

    // Later writes extend the sealed chain; sealing again with nothing pending changes nothing.
    await writeRows("domain:chain-a", 2);
    expect(await sealAuditChain(db(), "domain:chain-a")).toBe(2);
    expect(await sealAuditChain(db(), "domain:chain-a")).toBe(0);
    expect(await verifyAuditChain(db(), "domain:chain-a")).toMatchObject({ ok: true, rows_checked: 6, unsealed: 0 });
  });

  it("is append-only: a sealed row cannot change, an unsealed one can only be sealed, and no row can be deleted", async () => {
    await writeRows("domain:chain-c", 2);
    await sealAuditChain(db(), "domain:chain-c");
    await writeRows("domain:chain-c", 1);
    const [sealed, , unsealed] = (await chainOf("domain:chain-c")).results;
    await expect(env.DB.prepare("update audit_trail set actor = 'x' where id = ?").bind(sealed!.id).run()).rejects.toThrow(/append-only/);
    await expect(
      env.DB.prepare("update audit_trail set seq = 99, prev_hash = 'a', hash = 'b' where id = ?").bind(sealed!.id).run(),
    ).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("update audit_trail set actor = 'x' where id = ?").bind(unsealed!.id).run()).rejects.toThrow(/append-only/);
    await expect(
      env.DB.prepare("update audit_trail set seq = 3, prev_hash = 'a', hash = 'b', after_json = '{}' where id = ?")
        .bind(unsealed!.id)
        .run(),
    ).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("delete from audit_trail where tenant = 'domain:chain-c'").run()).rejects.toThrow(/append-only/);
    // A seq without its hash is refused by the table itself.
    await expect(env.DB.prepare("update audit_trail set seq = 3 where id = ?").bind(unsealed!.id).run()).rejects.toThrow(
      /CHECK constraint/,
    );
  });

  it("names the first tampered sealed row when history is edited behind the triggers' back", async () => {
    await writeRows("domain:chain-d", 5);
    await sealAuditChain(db(), "domain:chain-d");
    await env.DB.exec("DROP TRIGGER audit_trail_no_update");
    await env.DB.prepare("update audit_trail set after_json = '{\"v\":999}' where tenant = 'domain:chain-d' and seq = 3").run();
    const report = await verifyAuditChain(db(), "domain:chain-d");
    expect(report.ok).toBe(false);
    expect(report.first_broken).toMatchObject({ seq: 3, reason: "hash_mismatch" });
    expect(report.rows_checked).toBe(2);
  });

  it("detects a deleted row in the middle of the chain", async () => {
    await writeRows("domain:chain-e", 4);
    await sealAuditChain(db(), "domain:chain-e");
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
        statements: [
          database.run(sql.raw("insert into customers (id, name) values (99, 'Temp')")),
          database.run(sql.raw("insert into customers (id, name) values (98, 'Demo Clinic')")),
        ],
        entries: [{ action: "test.fail", entity: "customer", entityId: 99 }],
      })),
    ).rejects.toThrow();
    expect(await env.DB.prepare("select count(*) n from customers where id = 99").first<{ n: number }>()).toEqual({ n: 0 });
    expect(await env.DB.prepare("select count(*) n from audit_trail").first<{ n: number }>()).toEqual(before);
  });

  it("stores every one of 64 concurrent writes of one tenant, a failing one alone rolled back, and the sealed chain holds them all", async () => {
    const database = db();
    const writes = Array.from({ length: 64 }, (_, i) =>
      auditedBatch(database, ctx("domain:chain-g"), () => ({
        // Write 13 fails (duplicate customer id): only its own batch rolls back.
        statements: [database.run(i === 13 ? sql.raw("insert into customers (id, name) values (1, 'Clash')") : sql.raw("select 1"))],
        entries: [{ action: "test.concurrent", entity: "thing", entityId: i }],
      })),
    );
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === "rejected").length).toBe(1);
    expect(settled[13]!.status).toBe("rejected");
    // Two sealers at once (the tenant's sealer and the cron, say) agree on every row.
    const [a, b] = await Promise.all([sealAuditChain(database, "domain:chain-g"), sealAuditChain(database, "domain:chain-g")]);
    expect(a + b).toBeGreaterThanOrEqual(63);
    expect(await verifyAuditChain(database, "domain:chain-g")).toEqual({
      tenant: "domain:chain-g",
      ok: true,
      rows_checked: 63,
      unsealed: 0,
    });
    const ids = (
      await env.DB.prepare("select entity_id from audit_trail where tenant = 'domain:chain-g' order by seq").all<{ entity_id: string }>()
    ).results;
    expect(ids.map((r) => Number(r.entity_id)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 64 }, (_, i) => i).filter((i) => i !== 13),
    );
  });

  it("seals through the tenant's sealer Durable Object, folding concurrent wake-ups into its rounds", async () => {
    await writeRows("domain:chain-h", 5);
    const rounds = await Promise.all([
      sealThroughSealer(env, "domain:chain-h"),
      sealThroughSealer(env, "domain:chain-h"),
      sealThroughSealer(env, "domain:chain-h"),
    ]);
    expect(Math.max(...rounds)).toBe(5);
    expect(await verifyAuditChain(db(), "domain:chain-h")).toEqual({ tenant: "domain:chain-h", ok: true, rows_checked: 5, unsealed: 0 });
  });
});

describe("X-Reason over HTTP", () => {
  it("is recorded with the audit row of the write it came with, together with who and which request", async () => {
    const { flaskPost, ADMIN } = await import("../helpers/flask");
    const res = await flaskPost(
      ADMIN,
      "/flask/site/create-update-flask-site",
      { study_id: 101, name: "Reason Site", unique_identifier: "DEMO-R01" },
      {
        headers: { "x-reason": "  Protocol amendment 3: new site  ", "x-request-id": "req-reason-0001" },
      },
    );
    expect(res.status).toBe(201);
    const row = await env.DB.prepare(
      "select actor, reason, request_id, customer_id from audit_trail where entity_id = ? and request_id = ?",
    )
      .bind(String(res.json.id), "req-reason-0001")
      .first();
    expect(row).toEqual({ actor: "user:1", reason: "Protocol amendment 3: new site", request_id: "req-reason-0001", customer_id: 1 });
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1 } from "../../src/db/d1";
import { appendAudit } from "../../src/lib/audit";
import { ADMIN, API, count, flaskPost, SITE, STUDY } from "../helpers/flask";

const VERIFY = "/flask/audit/verify-chain";

describe("verify-chain", () => {
  it("reports an intact chain for the caller's customer; other roles are refused", async () => {
    await flaskPost(API, "/flask/site/create-update-flask-site", { id: 1002, pi_name: "Dr Audit" });
    const r = await flaskPost(ADMIN, VERIFY, { seal: true });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ tenant: "customer:1", ok: true });
    expect(r.json.rows_checked).toBeGreaterThan(2);
    expect(r.json.rows_checked + r.json.unsealed).toBe(await count("select count(*) n from audit_trail where tenant = 'customer:1'"));
    expect((await flaskPost(STUDY, VERIFY, {})).status).toBe(403);
    expect((await flaskPost(SITE, VERIFY, {})).status).toBe(403);
    expect((await flaskPost(ADMIN, VERIFY, { customer_id: 2 })).status).toBe(404);
  });

  it("reports the rows not sealed yet, and seals them on request", async () => {
    // Rows stored without waking the sealer (as if its wake-up was lost): the cron, or verify-chain with seal, chains them.
    const ctx = { tenant: "customer:1", customerId: 1, actor: "user:1", requestId: null, reason: "unsealed test" };
    await flaskPost(ADMIN, VERIFY, { seal: true });
    for (let i = 0; i < 3; i++) await appendAudit(d1(env.DB), ctx, [{ action: "test.unsealed", entity: "thing", entityId: i }]);
    const before = await flaskPost(ADMIN, VERIFY, {});
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ tenant: "customer:1", ok: true, unsealed: 3 });
    const sealed = await flaskPost(ADMIN, VERIFY, { seal: true });
    expect(sealed.json).toMatchObject({ tenant: "customer:1", ok: true, unsealed: 0, rows_checked: before.json.rows_checked + 3 });
  });

  it("detects a row edited behind the trigger's back and names its seq", async () => {
    await flaskPost(ADMIN, VERIFY, { seal: true });
    const row = await env.DB.prepare(
      "select id, seq from audit_trail where tenant = 'customer:1' and action = 'site.update' order by seq desc limit 1",
    ).first<{ id: number; seq: number }>();
    expect(row).not.toBeNull();
    // Editing history is blocked by the trigger: prove it, then drop it to simulate an attacker with raw DB access.
    await expect(env.DB.prepare("update audit_trail set after_json = '{}' where id = ?").bind(row!.id).run()).rejects.toThrow(
      /append-only/,
    );
    await env.DB.exec("DROP TRIGGER audit_trail_no_update");
    await env.DB.prepare('update audit_trail set after_json = \'{"pi_name":"Dr Forged"}\' where id = ?').bind(row!.id).run();
    const r = await flaskPost(ADMIN, VERIFY, {});
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.first_broken).toEqual({ id: row!.id, seq: row!.seq, reason: "hash_mismatch" });
    // Other Pharma's chain is untouched.
    const other = await flaskPost("api@other.test", VERIFY, {});
    expect(other.json).toMatchObject({ tenant: "customer:2", ok: true });
  });
});

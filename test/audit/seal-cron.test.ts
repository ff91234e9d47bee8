import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1 } from "../../src/db/d1";
import type { Env } from "../../src/env";
import { appendAudit, verifyAuditChain } from "../../src/lib/audit";
import { runScheduled, SEAL_CRON } from "../../src/scheduled";

const ctx = (tenant: string) => ({ tenant, customerId: null, actor: "test", requestId: null, reason: "cron test" });

describe("the every-minute cron", () => {
  it("seals the rows every tenant's sealer left unsealed", async () => {
    for (const tenant of ["domain:cron-a", "domain:cron-b"]) {
      for (let i = 0; i < 3; i++) await appendAudit(d1(env.DB), ctx(tenant), [{ action: "test.cron", entity: "thing", entityId: i }]);
      expect(await verifyAuditChain(d1(env.DB), tenant)).toMatchObject({ rows_checked: 0, unsealed: 3 });
    }
    await runScheduled({ cron: SEAL_CRON, scheduledTime: Date.now() }, env as unknown as Env);
    for (const tenant of ["domain:cron-a", "domain:cron-b"]) {
      expect(await verifyAuditChain(d1(env.DB), tenant)).toEqual({ tenant, ok: true, rows_checked: 3, unsealed: 0 });
    }
    const left = await env.DB.prepare("select count(*) n from audit_trail where seq is null").first<{ n: number }>();
    expect(left).toEqual({ n: 0 });
  });
});

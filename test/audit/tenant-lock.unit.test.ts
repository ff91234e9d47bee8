import { describe, expect, it } from "vitest";
import { withTenantLock } from "../../src/lib/audit/tenant-lock";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("per-tenant writer lock", () => {
  it("runs one writer of a tenant at a time, in arrival order, however long the queue", async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const writer = (i: number) =>
      withTenantLock("t-queue", async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(5);
        order.push(i);
        running -= 1;
        return i;
      });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => writer(i)));
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(order).toEqual(results);
    expect(most).toBe(1);
  });

  it("lets writers of different tenants run side by side", async () => {
    let running = 0;
    let most = 0;
    const writer = (tenant: string) =>
      withTenantLock(tenant, async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(20);
        running -= 1;
      });
    await Promise.all([writer("t-a"), writer("t-b"), writer("t-c")]);
    expect(most).toBe(3);
  });

  it("passes the lock on when a writer fails", async () => {
    await expect(withTenantLock("t-fail", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withTenantLock("t-fail", async () => "next")).toBe("next");
  });

  it("takes the lock over from a holder that never finishes, once its lease is out, and the queue goes on", async () => {
    void withTenantLock("t-hung", () => new Promise<never>(() => {}), 300);
    const t0 = Date.now();
    const second = withTenantLock("t-hung", async () => Date.now() - t0, 300);
    const third = withTenantLock("t-hung", async () => Date.now() - t0, 300);
    const waited = await second;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(2_000);
    // the third waited behind the second, not for a lease of its own
    expect(await third).toBeLessThan(waited + 250);
  });
});

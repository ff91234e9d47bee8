import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { gateWrites } from "../../src/lib/write-gate";
import { count } from "../helpers/flask";
import { login, post, problemOf } from "../helpers/http";

const tick = () => new Promise((r) => setTimeout(r, 30));

describe("writes run beside the rate limiter, their D1 writes held until it answers", () => {
  it("gateWrites: SELECTs run at once; a write, alone or in a batch, waits for the gate", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS gate_probe (n INTEGER)");
    let open!: () => void;
    const db = gateWrites(env.DB, new Promise<void>((r) => (open = r)));
    expect(await db.prepare("SELECT 1 AS one").first()).toEqual({ one: 1 });
    let done = 0;
    const single = db
      .prepare("INSERT INTO gate_probe (n) VALUES (?)")
      .bind(1)
      .run()
      .then(() => done++);
    const batch = db
      .batch([db.prepare("SELECT count(*) FROM gate_probe"), db.prepare("INSERT INTO gate_probe (n) VALUES (2)")])
      .then(() => done++);
    await tick();
    expect(done).toBe(0);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM gate_probe").first("n")).toBe(0);
    open();
    await Promise.all([single, batch]);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM gate_probe").first("n")).toBe(2);
  });

  it("gateWrites: a rejected gate fails every write with its error and changes nothing", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS gate_probe2 (n INTEGER)");
    const refused = new Error("budget spent");
    const gate = Promise.reject(refused);
    gate.catch(() => undefined);
    const db = gateWrites(env.DB, gate);
    await expect(db.prepare("INSERT INTO gate_probe2 (n) VALUES (1)").run()).rejects.toBe(refused);
    await expect(db.batch([db.prepare("DELETE FROM gate_probe2"), db.prepare("INSERT INTO gate_probe2 (n) VALUES (3)")])).rejects.toBe(
      refused,
    );
    expect(await db.prepare("SELECT count(*) AS n FROM gate_probe2").first("n")).toBe(0);
  });

  it("a Flask write past the budget is 429 and stores nothing; those within it are stored", async () => {
    await env.DB.prepare(`update customers set features = '{"rate_limit_per_minute": 3}' where id = 2`).run();
    const token = await login("api@other.test");
    const log = (n: number) => ({ deviceId: "GATE-1", logType: "sync", logDate: "2026-03-01T10:00:00Z", payload: { n } });
    const stored = () => count("select count(*) as n from device_logs where device_id = 'GATE-1'");
    const before = await stored();
    for (const n of [1, 2, 3]) expect((await post("/flask/device/insert-log", log(n), { token, edc: "cc_other" })).status).toBe(201);
    expect(await stored()).toBe(before + 3);
    const limited = await post("/flask/device/insert-log", log(4), { token, edc: "cc_other" });
    const { status, body } = await problemOf(limited);
    expect(status).toBe(429);
    expect(body.error).toBe("rate_limited");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await stored()).toBe(before + 3);
    // an invalid write past the budget is 429 as well, as before its validation ran
    expect((await post("/flask/device/insert-log", { logDate: "not a date" }, { token, edc: "cc_other" })).status).toBe(429);
  });
});

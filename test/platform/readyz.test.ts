import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { readiness } from "../../src/lib/health";
import { get } from "../helpers/http";

// The test registry (vitest.config.mts) names cc_unreachable, whose Hyperdrive origin refuses every connection,
// beside databases on the reachable EDC: the Worker is not ready, and says which EDC is why.
describe("GET /readyz", () => {
  it("answers 503 naming exactly the EDC that refuses connections; D1, KV, R2 and the other EDCs are ok", async () => {
    const started = performance.now();
    const res = await get("/readyz");
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { status: string; failing: string[]; checks: Record<string, string> };
    expect(body.status).toBe("unavailable");
    expect(body.failing).toEqual(["edc:cc_unreachable"]);
    expect(body.checks).toMatchObject({
      d1: "ok",
      kv: "ok",
      r2: "ok",
      "edc:cc_demo": "ok",
      "edc:cc_other": "ok",
      "edc:cc_unreachable": "failed",
    });
    const registry = Object.keys(JSON.parse(env.EDC_REGISTRY) as object);
    expect(
      Object.keys(body.checks)
        .filter((k) => k.startsWith("edc:"))
        .sort(),
    ).toEqual(registry.map((n) => `edc:${n}`).sort());
    // No driver or socket detail reaches the client.
    expect(JSON.stringify(body)).not.toMatch(/refused|127\.0\.0\.1|postgres/i);
    expect(ms).toBeLessThan(2_000);
  });

  it("answers without a token, and is declared in /openapi.json as readyz with no security", async () => {
    const doc = (await (await get("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
    };
    const op = doc.paths["/readyz"]?.get;
    expect(op?.operationId).toBe("readyz");
    expect(op?.security).toEqual([]);
    expect(Object.keys(doc.paths["/readyz"]!)).toEqual(["get"]);
  });

  it("reports ready when every EDC of the registry answers", async () => {
    const registry = JSON.parse(env.EDC_REGISTRY) as Record<string, unknown>;
    delete registry.cc_unreachable;
    const report = await readiness({ ...(env as unknown as Env), EDC_REGISTRY: JSON.stringify(registry) });
    expect(report).toEqual({
      status: "ready",
      failing: [],
      checks: { d1: "ok", kv: "ok", r2: "ok", ...Object.fromEntries(Object.keys(registry).map((n) => [`edc:${n}`, "ok"])) },
    });
  });

  it("fails an EDC whose registry entry names a Hyperdrive binding the Worker does not have", async () => {
    const broken = {
      ...(env as unknown as Env),
      EDC_REGISTRY: JSON.stringify({
        cc_demo: { binding: "EDC", schema: "cc_demo" },
        cc_gone: { binding: "NO_SUCH_BINDING", schema: "cc_gone" },
      }),
    };
    const report = await readiness(broken);
    expect(report.status).toBe("unavailable");
    expect(report.failing).toEqual(["edc:cc_gone"]);
    expect(report.checks).toMatchObject({ d1: "ok", "edc:cc_demo": "ok", "edc:cc_gone": "failed" });
  });
});

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BASE, login } from "../helpers/http";

/** The real KV namespace with every operation failing, as during a KV outage. */
const brokenKv = new Proxy(env.SESSIONS, {
  get(target, prop) {
    if (["get", "put", "delete", "list", "getWithMetadata"].includes(String(prop))) {
      return () => Promise.reject(new Error("KV unavailable (injected)"));
    }
    return Reflect.get(target, prop);
  },
});

async function fetchWith(bindings: Record<string, unknown>, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, init), { ...env, ...bindings } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("KV unavailable", () => {
  it("authenticates from D1 when the session cache cannot be read or written", async () => {
    const token = await login("api@demo.test");
    const res = await fetchWith({ SESSIONS: brokenKv }, "/auth/self", { headers: { authorization: token } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { email: string }).email).toBe("api@demo.test");
  });

  it("still refuses a revoked session when KV is down (D1 is the source of truth)", async () => {
    const token = await login("admin@demo.test");
    const out = await fetchWith({}, "/auth/logout", { method: "POST", headers: { authorization: token } });
    expect(out.status).toBe(200);
    const res = await fetchWith({ SESSIONS: brokenKv }, "/auth/self", { headers: { authorization: token } });
    expect(res.status).toBe(401);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { call, get, login, post, problemOf } from "../helpers/http";

describe("error shapes per family", () => {
  it("unknown /auth, /edc, /flask paths answer 404 problem+json", async () => {
    for (const path of ["/auth/nope", "/edc/nope", "/flask/nope", "/nowhere"]) {
      const { status, contentType, body } = await problemOf(await post(path, {}));
      expect(status, path).toBe(404);
      expect(contentType).toBe("application/problem+json");
      expect(body).toMatchObject({ status: 404, error: "not_found", title: "Not Found" });
    }
  });

  it("unknown CommCare paths answer 404 with an empty body, as tastypie does", async () => {
    const res = await get("/a/demo/api/v0.5/nothing-here/");
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
  });

  it("an uncaught failure answers 500 with a request id and no SQL or stack, and logs it without SQL or values", async () => {
    const token = await login("api@demo.test");
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    let text: string;
    try {
      // /auth/self reads the user after the session (KV-cached since login): a missing users table fails it.
      await env.DB.exec("ALTER TABLE users RENAME TO users_gone");
      const res = await call("GET", "/auth/self", undefined, {
        token: `Bearer ${token}`,
        headers: { "x-request-id": "req-test-500-abcdef" },
      });
      expect(res.status).toBe(500);
      expect(res.headers.get("x-request-id")).toBe("req-test-500-abcdef");
      text = await res.text();
    } finally {
      spy.mockRestore();
      await env.DB.exec("ALTER TABLE users_gone RENAME TO users");
    }
    expect(text).not.toMatch(/users|SELECT|select|D1_ERROR|at \w+ \(/);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ status: 500, error: "internal_error", request_id: "req-test-500-abcdef" });

    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.request_id === "req-test-500-abcdef");
    const failure = logged.find((l) => l.event === "unhandled_error")!;
    expect(failure).toMatchObject({ level: "error", error_name: "Error" });
    expect(String(failure.error_message)).toContain("no such table: users");
    expect((failure.stack as string[]).length).toBeGreaterThan(0);
    const access = logged.find((l) => l.event === "request")!;
    expect(access).toMatchObject({ level: "info", method: "GET", route: "/auth/self", status: 500 });
    // The session came from KV before the failure, so the line names its tenant.
    expect(access.tenant).toMatch(/^customer:\d+$/);
    expect(typeof access.duration_ms).toBe("number");
    const all = JSON.stringify(logged);
    expect(all).not.toMatch(/Failed query|select |params:/i);
    expect(all).not.toContain(token);
  });

  it("an uncaught CommCare failure answers tastypie's 500 body with the request id", async () => {
    // Renamed, not dropped: other tables reference it, and SQLite refuses to drop a table foreign keys point at.
    await env.DB.exec("ALTER TABLE cc_locations RENAME TO cc_locations_gone");
    const res = await call("GET", "/a/demo/api/v0.6/location/", undefined, {
      headers: { authorization: "ApiKey admin@demo.test:demo-api-key", "x-request-id": "req-test-cc500-abcdef" },
    });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(text).not.toMatch(/cc_locations|select|D1_ERROR/i);
    expect(JSON.parse(text)).toEqual({
      error_message: "Sorry, this request could not be processed. Please try again later.",
      request_id: "req-test-cc500-abcdef",
    });
  });

  it("every response carries X-Request-Id, generated when the caller sends none or an unsafe one", async () => {
    const a = await get("/healthz");
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const b = await call("GET", "/healthz", undefined, { headers: { "x-request-id": "bad id with spaces" } });
    expect(b.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

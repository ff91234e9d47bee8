import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ccGet, VIEWER } from "../helpers/commcare";
import { call, post, problemOf } from "../helpers/http";

const APPS = "/a/demo/api/v0.5/application/";
const basic = (user: string, password: string) => ({ authorization: `Basic ${btoa(`${user}:${password}`)}` });
const basicGet = (user: string, password: string) => call("GET", APPS, undefined, { headers: basic(user, password) });

const attempts = (email: string) =>
  env.DB.prepare("select outcome, channel, customer_id, user_id from audit_user_login where email = ? order by id")
    .bind(email)
    .all<{ outcome: string; channel: string; customer_id: number | null; user_id: number | null }>()
    .then((r) => r.results);

async function backdatedFailures(email: string, minutesAgo: number, n = 5) {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  for (let i = 0; i < n; i++) {
    await env.DB.prepare(
      "insert into audit_user_login (email, outcome, channel, date_created) values (?, 'bad_password', 'commcare/basic', ?)",
    )
      .bind(email, at)
      .run();
  }
}

describe("CommCare Basic password guessing is locked out (commcare-api.md §2.2, issue 13)", () => {
  it("twelve wrong passwords then the right one: the fifth failure locks, and the right password is refused", async () => {
    const answers: Response[] = [];
    for (let i = 1; i <= 12; i++) answers.push(await basicGet(VIEWER.user, `guess-${i}`));
    for (const res of answers.slice(0, 5)) {
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("");
      expect(res.headers.get("www-authenticate")).toBe('Basic realm=""');
    }
    for (const res of answers.slice(5)) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "maximum password attempts exceeded" });
    }
    const right = await basicGet(VIEWER.user, "demo-password");
    expect(right.status).toBe(401);
    expect(right.headers.get("content-type")).toBe("application/json");
    expect(await right.json()).toEqual({ error: "maximum password attempts exceeded" });
    const retryAfter = Number(right.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // Five failures, then eight refusals that are recorded as `locked` and do not count (nor extend the lock).
    const rows = await attempts(VIEWER.user);
    expect(rows.map((r) => r.outcome)).toEqual([...Array(5).fill("bad_password"), ...Array(8).fill("locked")]);
    expect(rows.every((r) => r.channel === "commcare/basic" && r.customer_id === null && r.user_id === null)).toBe(true);
  });

  it("an API key is no password: the locked user's key still works, as HQ's lockout covers Basic and Digest only", async () => {
    expect((await basicGet(VIEWER.user, "demo-password")).status).toBe(401);
    expect((await ccGet(APPS, VIEWER)).status).toBe(200);
  });

  it("a wrong password for an unknown user counts against that email too, and an unknown user is locked the same way", async () => {
    for (let i = 0; i < 5; i++) expect((await basicGet("nobody@demo.test", `x${i}`)).status).toBe(401);
    const locked = await basicGet("nobody@demo.test", "x");
    expect(await locked.json()).toEqual({ error: "maximum password attempts exceeded" });
    expect((await attempts("nobody@demo.test")).map((r) => r.outcome)).toEqual([...Array(5).fill("unknown_user"), "locked"]);
  });

  it("the lock ends 15 minutes after the fifth failure", async () => {
    const email = "admin@other.test";
    await backdatedFailures(email, 10);
    const still = await call("GET", "/a/other/api/v0.5/application/", undefined, { headers: basic(email, "demo-password") });
    expect(still.status).toBe(401);
    expect(Number(still.headers.get("retry-after"))).toBeGreaterThan(290);
    expect(Number(still.headers.get("retry-after"))).toBeLessThanOrEqual(300);
    await env.DB.prepare("update audit_user_login set date_created = ? where email = ? and outcome = 'bad_password'")
      .bind(new Date(Date.now() - 16 * 60_000).toISOString(), email)
      .run();
    expect((await call("GET", "/a/other/api/v0.5/application/", undefined, { headers: basic(email, "demo-password") })).status).toBe(200);
  });

  it("records a Basic success only when failures preceded it in the window, not on every API call", async () => {
    const email = "admin@demo.test";
    expect((await basicGet(email, "demo-password")).status).toBe(200);
    expect(await attempts(email)).toEqual([]);
    expect((await basicGet(email, "typo")).status).toBe(401);
    expect((await basicGet(email, "demo-password")).status).toBe(200);
    expect((await attempts(email)).map((r) => [r.outcome, r.channel])).toEqual([
      ["bad_password", "commcare/basic"],
      ["success", "commcare/basic"],
    ]);
  });
});

describe("one failure count per email across every password login", () => {
  it("failures at /auth/authorize and at CommCare Basic add up: both doors lock for the same email", async () => {
    // admin@demo.test is one person with a Flask login and a CommCare login (one typo already counted above).
    const email = "admin@demo.test";
    for (let i = 0; i < 2; i++) expect((await post("/auth/authorize", { email, password: `flask-${i}` })).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await basicGet(email, `cc-${i}`)).status).toBe(401);

    const flask = await post("/auth/authorize", { email, password: "demo-password" });
    expect(flask.status).toBe(429);
    expect((await problemOf(flask)).body.error).toBe("login_locked");
    const cc = await basicGet(email, "demo-password");
    expect(cc.status).toBe(401);
    expect(await cc.json()).toEqual({ error: "maximum password attempts exceeded" });

    const rows = await attempts(email);
    expect(rows.filter((r) => r.outcome === "bad_password").map((r) => r.channel)).toEqual([
      "commcare/basic",
      "auth/authorize",
      "auth/authorize",
      "commcare/basic",
      "commcare/basic",
    ]);
    expect(rows.slice(-2).map((r) => [r.outcome, r.channel])).toEqual([
      ["locked", "auth/authorize"],
      ["locked", "commcare/basic"],
    ]);
    // The Flask rows name the Flask account; the CommCare rows only the email.
    expect(rows.filter((r) => r.channel === "auth/authorize").every((r) => r.customer_id === 1 && r.user_id === 1)).toBe(true);
  });

  it("a lock earned at /auth/authorize also closes CommCare Basic", async () => {
    const email = "admin@other.test"; // its backdated failures above have aged out
    for (let i = 0; i < 5; i++) expect((await post("/auth/authorize", { email, password: `p${i}` })).status).toBe(401);
    const cc = await call("GET", "/a/other/api/v0.5/application/", undefined, { headers: basic(email, "demo-password") });
    expect(cc.status).toBe(401);
    expect(await cc.json()).toEqual({ error: "maximum password attempts exceeded" });
  });
});

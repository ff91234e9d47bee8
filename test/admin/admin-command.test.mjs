// `npm run test:admin` (node's test runner): `npm run admin` against a fresh local D1 state, then the Worker
// (wrangler dev on that state, as `npm start` runs it) serves the customer, user, EDC study, domain and key it made,
// and every audit chain it extended still verifies.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rowHash, GENESIS_HASH } from "../../src/lib/audit/chain.ts";
import { execute } from "../../scripts/admin/d1.ts";
import {
  applyD1Migrations,
  edcVars,
  ensureDevVars,
  freePort,
  startEdc,
  startWrangler,
  stopChild,
  waitHealthy,
} from "../../scripts/lib/stack.mjs";

mkdirSync(".data", { recursive: true });
const state = mkdtempSync(join(".data", "admin-"));
const target = { remote: false, persistTo: state };

function admin(...args) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args, "--persist-to", state], { encoding: "utf8" });
  return { code: r.status, out: r.stdout.trim() ? JSON.parse(r.stdout.trim()) : null, err: r.stderr };
}

const count = (table) => Number(execute(target, [`SELECT count(*) AS n FROM ${table}`])[0][0].n);

/** Recomputes a tenant's chain from the stored rows, as src/lib/audit/verify.ts does. */
async function chainHolds(tenant) {
  const rows = execute(target, [`SELECT * FROM audit_trail WHERE tenant = '${tenant.replaceAll("'", "''")}' ORDER BY seq`])[0];
  let prev = GENESIS_HASH;
  for (const [i, r] of rows.entries()) {
    const fields = {
      tenant: r.tenant,
      customerId: r.customer_id,
      seq: r.seq,
      dateCreated: r.date_created,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      beforeJson: r.before_json,
      afterJson: r.after_json,
      requestId: r.request_id,
      reason: r.reason,
      prevHash: r.prev_hash,
    };
    if (r.seq !== i + 1 || r.prev_hash !== prev || (await rowHash(fields)) !== r.hash) return { ok: false, rows: rows.length, at: r.seq };
    prev = r.hash;
  }
  return { ok: true, rows: rows.length };
}

describe("npm run admin against local D1 state", () => {
  let created;
  before(() => {
    applyD1Migrations({ persistTo: state, stdio: "pipe" });
    created = {
      customer: admin("create-customer", "--name", "Acme Trials", "--features", '{"forms":true}', "--reason", "onboarding ACME-1"),
      user: admin("create-user", "--customer", "1", "--email", "Ops@Acme.test", "--role", "admin", "--password", "correct horse battery"),
      apiUser: admin("create-user", "--customer", "1", "--email", "api@acme.test"),
      edc: admin("add-edc", "--customer", "1", "--dbname", "cc_demo", "--protocol", "ACME-001", "--title", "Acme Study"),
      domain: admin("create-commcare-domain", "--name", "acme"),
      key: admin(
        "create-api-key",
        "--domain",
        "acme",
        "--username",
        "field@acme.test",
        "--key",
        "0123456789abcdef0123456789abcdef01234567",
      ),
    };
  });
  after(() => rmSync(state, { recursive: true, force: true }));

  it("creates each row and prints its id; generated secrets are printed once, given ones never", () => {
    for (const [k, r] of Object.entries(created)) assert.equal(r.code, 0, `${k}: ${r.err}`);
    assert.deepEqual(created.customer.out, { ok: true, command: "create-customer", customer_id: 1, name: "Acme Trials" });
    assert.equal(created.user.out.email, "ops@acme.test");
    assert.equal(created.user.out.password, undefined);
    assert.match(created.apiUser.out.password, /^[A-Za-z0-9_-]{24}$/);
    assert.equal(created.edc.out.dbname, "cc_demo");
    assert.equal(created.key.out.key, undefined);
    const stored = execute(target, ["SELECT password_hash FROM users WHERE email = 'ops@acme.test'", "SELECT key_hash FROM cc_api_keys"]);
    assert.match(stored[0][0].password_hash, /^pbkdf2-sha256\$100000\$/);
    assert.match(stored[1][0].key_hash, /^[0-9a-f]{64}$/);
  });

  it("audits every row in its tenant's chain, which still verifies", async () => {
    const audit = execute(target, ["SELECT tenant, action, actor, reason FROM audit_trail ORDER BY id"])[0];
    assert.deepEqual(
      audit.map((a) => `${a.tenant} ${a.action}`),
      [
        "customer:1 customer.create",
        "customer:1 user.create",
        "customer:1 user.create",
        "customer:1 study.create",
        "domain:acme domain.create",
        "domain:acme role.create",
        "domain:acme user.create",
        "domain:acme membership.create",
        "domain:acme api_key.create",
      ],
    );
    assert.ok(audit.every((a) => a.actor.startsWith("admin:")));
    assert.equal(audit[0].reason, "onboarding ACME-1");
    assert.deepEqual(await chainHolds("customer:1"), { ok: true, rows: 4 });
    assert.deepEqual(await chainHolds("domain:acme"), { ok: true, rows: 5 });
    assert.ok(!JSON.stringify(audit).includes("pbkdf2"));
  });

  it("refuses bad or conflicting input with exit 2 and writes nothing", () => {
    const before = [count("customers"), count("users"), count("studies"), count("audit_trail")];
    const cases = [
      admin("create-customer", "--name", "Acme Trials"),
      admin("create-user", "--customer", "1", "--email", "OPS@acme.test"),
      admin("create-user", "--customer", "99", "--email", "new@acme.test"),
      admin("create-user", "--customer", "1", "--email", "short@acme.test", "--password", "short"),
      admin("add-edc", "--customer", "1", "--dbname", "cc_nowhere", "--protocol", "X-1"),
      admin("create-api-key", "--domain", "nowhere", "--username", "a@b.test"),
      admin("create-customer"),
      admin("drop-everything"),
    ];
    for (const c of cases) assert.equal(c.code, 2, c.err);
    assert.match(cases[4].err, /cc_nowhere is not in EDC_REGISTRY/);
    assert.deepEqual([count("customers"), count("users"), count("studies"), count("audit_trail")], before);
  });

  it("what it made works through the Worker: login, the EDC study, the CommCare key, the chain check", async () => {
    ensureDevVars();
    const edc = await startEdc({});
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const wrangler = startWrangler({
      port,
      edcUrl: edc.url,
      persistTo: state,
      vars: edcVars(edc),
      logLevel: "error",
      stdio: ["ignore", "ignore", "inherit"],
    });
    try {
      await waitHealthy(base, { timeoutMs: 180_000, intervalMs: 200, child: wrangler });
      const login = await fetch(`${base}/auth/authorize`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "ops@acme.test", password: "correct horse battery" }),
      });
      assert.equal(login.status, 200);
      const { token } = await login.json();
      const self = await (await fetch(`${base}/auth/self`, { headers: { authorization: token } })).json();
      assert.equal(self.customer_id, 1);
      const studies = await fetch(`${base}/flask/customer/extract-data-to-json`, {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: JSON.stringify({ tableName: "studies" }),
      });
      assert.equal(studies.status, 200);
      assert.deepEqual(
        (await studies.json()).map((s) => [s.unique_protocolid, s.dbname]),
        [["ACME-001", "cc_demo"]],
      );
      const chain = await fetch(`${base}/flask/audit/verify-chain`, {
        method: "POST",
        headers: { authorization: token, "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(chain.status, 200);
      assert.equal((await chain.json()).ok, true);
      const cc = await fetch(`${base}/a/acme/api/v0.5/location/`, {
        headers: { authorization: "ApiKey field@acme.test:0123456789abcdef0123456789abcdef01234567" },
      });
      assert.equal(cc.status, 200);
      const wrongKey = await fetch(`${base}/a/acme/api/v0.5/location/`, { headers: { authorization: "ApiKey field@acme.test:wrong" } });
      assert.equal(wrongKey.status, 401);
    } finally {
      await stopChild(wrangler);
      await edc.stop().catch(() => undefined);
    }
  });
});

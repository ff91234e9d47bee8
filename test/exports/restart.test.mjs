// `npm run test:export-restart` (node's test runner): an export job survives its dev server being killed.
// The local stack of the benchmarks (its own wrangler state, an EDC with a generated ClinCapture schema) serves a
// CSV job of 300,000 item_data rows; once the job has uploaded its first part, wrangler dev and its workerd are
// killed with SIGKILL. A new wrangler dev on the same state serves the job again; it finishes, and its rows equal
// a direct count, each row once and in key order. Also `npm run export` (scripts/export.mjs) on that stack.
// It needs a PostgreSQL server: EDC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:export-restart
// (a fresh database, dropped at the end). On embedded PGlite the first EDC request (the CLI's job) was
// refused (503) and wrangler dev later exited; not yet understood, so the test refuses to run without a server.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import postgres from "postgres";
import { descendants, stopChild } from "../../scripts/lib/stack.mjs";
import { startBenchStack } from "../bench/lib/bench-stack.mjs";
import { login } from "../bench/lib/http.mjs";

const SCHEMA = "cc_restart";
const ROWS = 300_000;
const PART_SIZE = 5 * 1024 * 1024;
const log = (s) => console.log(`[export-restart ${new Date().toISOString().slice(11, 19)}] ${s}`);

const registry = JSON.parse(/^EDC_REGISTRY = '(.*)'$/m.exec(readFileSync("wrangler.toml", "utf8"))[1]);
registry[SCHEMA] = { binding: "EDC", schema: SCHEMA };

let stack;
let token;
mkdirSync(".data", { recursive: true });
const dir = mkdtempSync(join(".data", "export-restart-"));

async function api(method, path, body) {
  const res = await fetch(`${stack.base}${path}`, {
    method,
    headers: { authorization: token, "content-type": "application/json", edc: SCHEMA },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

async function waitFor(id, until, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, json } = await api("GET", `/edc/exports/${id}`);
    assert.equal(status, 200, JSON.stringify(json));
    if (until(json)) return json;
    if (Date.now() > deadline) throw new Error(`job ${id}: still ${JSON.stringify(json)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("export jobs across a killed dev server", () => {
  before(async () => {
    assert.ok(
      process.env.EDC_DATABASE_URL,
      "set EDC_DATABASE_URL to a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres)",
    );
    stack = await startBenchStack({
      dir,
      edcSchemas: { [SCHEMA]: ROWS },
      fresh: true,
      log,
      vars: { EDC_REGISTRY: JSON.stringify(registry), EXPORT_STALL_SECONDS: "3", RATE_LIMIT_PER_MINUTE: "100000" },
    });
    token = await login(stack.base, "api@demo.test");
  });
  let failed = false;
  afterEach((t) => {
    if (t.passed === false) failed = true;
  });
  after(async () => {
    await stack?.stop();
    if (failed) console.log(`# kept ${dir} (wrangler.log) for the failure`);
    else rmSync(dir, { recursive: true, force: true });
  });

  it("npm run export saves the file of a job, with its progress line", () => {
    const out = join(dir, "study_subject.ndjson");
    const r = spawnSync(
      process.execPath,
      ["scripts/export.mjs", "--base", stack.base, "--edc", SCHEMA, "--table", "study_subject", "--format", "ndjson", "--out", out],
      {
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /job [0-9a-f-]{36} queued/);
    assert.match(r.stderr, /\[=+\] done\s+\d[\d,]* rows/);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    assert.ok(lines.length > 0);
    assert.match(r.stderr, new RegExp(`saved .*study_subject\\.ndjson \\(${lines.length.toLocaleString("en")} rows`));
  });

  it("SIGKILL mid-job, restart: the job completes with every row once, its count a direct count", async () => {
    const created = await api("POST", "/edc/exports", { kind: "extract-data", format: "csv", params: { tableName: "item_data" } });
    assert.equal(created.status, 202, JSON.stringify(created.json));
    const { id } = created.json;
    const before = await waitFor(id, (j) => j.status !== "queued" && j.rows > 0, 120_000);
    assert.equal(before.status, "running", "the job finished before it could be interrupted");
    const tree = descendants(stack.wrangler.pid).length;
    log(`killing wrangler dev (${tree} processes) at ${before.rows} rows, ${before.parts} parts`);
    await stopChild(stack.wrangler, { signal: "SIGKILL", graceMs: 0 });
    await stack.restart();
    token = await login(stack.base, "api@demo.test");
    const done = await waitFor(id, (j) => !["queued", "running"].includes(j.status), 150_000);
    assert.equal(done.status, "done", JSON.stringify(done));
    assert.ok(done.rows >= before.rows);

    const sql = postgres(stack.edc.url, { max: 1, onnotice: () => {} });
    const [{ n }] = await sql.unsafe(`select count(*)::int as n from "${SCHEMA}".item_data`);
    await sql.end({ timeout: 5 });
    assert.ok(n >= ROWS * 0.99);
    assert.equal(done.rows, n);

    const file = await fetch(done.download);
    assert.equal(file.status, 200);
    const text = await file.text();
    assert.equal(Buffer.byteLength(text), done.bytes);
    assert.equal(done.parts, Math.ceil(done.bytes / PART_SIZE));
    const lines = text.split("\r\n").filter(Boolean);
    const at = lines[0].split(",").indexOf("item_data_id");
    const ids = lines.slice(1).map((l) => Number(l.split(",")[at]));
    assert.equal(ids.length, n);
    assert.ok(
      ids.every((v, i) => i === 0 || v > ids[i - 1]),
      "ids strictly ascending: no row twice, none out of order",
    );
    const audit = await api("GET", `/edc/exports/${id}`);
    assert.equal(audit.json.status, "done");
  });
});

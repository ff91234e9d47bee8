#!/usr/bin/env node
// npm run export -- [options]: starts an export job (POST /edc/exports, or POST /flask/exports for the Flask
// zips), shows its progress, and saves the file when it is done. Ctrl-C cancels the job (DELETE /edc/exports/{id}).
//
//   npm run export -- --edc cc_demo --kind extract-data --table item_data --format csv --out item_data.csv
//   npm run export -- --edc cc_demo --kind download-csvs-data --params '{"filters":{"site_id":"DEMO-S01"}}'
//   npm run export -- --kind study-event-csvs --params '{"study_id":101}'
//   npm run export -- --kind billing-reports --params '{"billingDate":"2026-10"}'
//
// Options: --base (default http://localhost:8787), --token, or --email/--password (default the demo API
// user), --edc, --kind (extract-data | crf-level | crf-level-csvs | download-csvs-data; Flask: study-event-csvs |
// billing-reports), --table,
// --format (json | ndjson | csv; extract-data), --params (JSON of the kind's usual body), --notify a@x,b@y,
// --out (default: the file's own name).
import { createWriteStream, renameSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    base: { type: "string", default: process.env.TRIALEDGE_URL ?? "http://localhost:8787" },
    token: { type: "string" },
    email: { type: "string", default: "api@demo.test" },
    password: { type: "string", default: "demo-password" },
    edc: { type: "string", default: "cc_demo" },
    kind: { type: "string", default: "extract-data" },
    table: { type: "string" },
    format: { type: "string" },
    params: { type: "string" },
    notify: { type: "string" },
    out: { type: "string" },
  },
});

function fail(message) {
  process.stderr.write(`\nexport: ${message}\n`);
  process.exit(1);
}

async function api(method, path, { body, token, edc } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = token;
  if (edc) headers.edc = edc;
  const url = new URL(path, opt.base);
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).catch((err) =>
    fail(
      `cannot reach ${url.origin}: ${err.cause?.code ?? err.cause?.message ?? err.message} (is the API running? --base or TRIALEDGE_URL)`,
    ),
  );
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { detail: text };
  }
  return { res, json };
}

const problem = ({ res, json }) =>
  `${res.status} ${json.error ?? ""} ${json.detail ?? ""}${json.errors ? " " + json.errors.map((e) => `${e.path}: ${e.message}`).join("; ") : ""}`;

let token = opt.token;
if (!token) {
  const login = await api("POST", "/auth/authorize", { body: { email: opt.email, password: opt.password } });
  if (login.res.status !== 200) fail(`login failed: ${problem(login)}`);
  token = login.json.token;
}

let params;
try {
  params = opt.params ? JSON.parse(opt.params) : {};
} catch {
  fail("--params is not JSON");
}
if (opt.table) params.tableName = opt.table;
const body = { kind: opt.kind, params };
if (opt.format) body.format = opt.format;
if (opt.notify) body.notify = { emails: opt.notify.split(",").map((e) => e.trim()) };

const FLASK_KINDS = new Set(["study-event-csvs", "billing-reports"]);
const created = FLASK_KINDS.has(opt.kind)
  ? await api("POST", "/flask/exports", { body: { kind: opt.kind, params }, token })
  : await api("POST", "/edc/exports", { body, token, edc: opt.edc });
if (created.res.status !== 202) fail(`the job was refused: ${problem(created)}`);
const id = created.json.id;
process.stderr.write(`job ${id} queued\n`);

process.on("SIGINT", async () => {
  const cancel = await api("DELETE", `/edc/exports/${id}`, { token });
  fail(cancel.res.status === 200 ? "cancelled" : `could not cancel: ${problem(cancel)}`);
});

const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const WIDTH = 30;
const t0 = Date.now();
const tty = process.stderr.isTTY;
let tick = 0;
let lastLine = 0;
/**
 * The bar moves with each uploaded part (5 MiB); the job does not know its row total before it ends, so the
 * bar wraps and the rows, bytes and rows/s say how far it is. Without a terminal: one line every 10 s.
 */
function draw(job) {
  tick += 1;
  const secs = (Date.now() - t0) / 1000;
  const rate = secs > 0 ? Math.round(job.rows / secs) : 0;
  const filled = job.status === "done" ? WIDTH : job.parts % WIDTH;
  const spinner = job.status === "done" ? "=" : "|/-\\"[tick % 4];
  const bar = "=".repeat(filled) + (filled < WIDTH ? spinner : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
  const line = `[${bar}] ${job.status.padEnd(9)} ${job.rows.toLocaleString("en")} rows  ${mib(job.bytes)}  ${job.parts} parts  ${rate.toLocaleString("en")} rows/s  ${secs.toFixed(0)} s`;
  if (tty) process.stderr.write(`\r${line} `);
  else if (job.status !== "running" || Date.now() - lastLine >= 10_000) {
    process.stderr.write(`${line}\n`);
    lastLine = Date.now();
  }
}

let job;
for (;;) {
  const got = await api("GET", `/edc/exports/${id}`, { token });
  if (got.res.status !== 200) fail(`cannot read the job: ${problem(got)}`);
  job = got.json;
  draw(job);
  if (!["queued", "running"].includes(job.status)) break;
  await new Promise((r) => setTimeout(r, 1000));
}
if (tty) process.stderr.write("\n");
if (job.status !== "done") fail(`the job ended ${job.status}${job.error ? `: ${job.error}` : ""}`);

const file = await fetch(job.download).catch((err) => fail(`download failed: ${err.message}`));
if (!file.ok || !file.body) fail(`download failed: ${file.status}`);
const name = opt.out ?? decodeURIComponent(new URL(job.download).pathname.split("/").pop());
// Written beside the target and renamed once complete: an interrupted download leaves no half file under its name.
await pipeline(Readable.fromWeb(file.body), createWriteStream(`${name}.part`));
const size = statSync(`${name}.part`).size;
if (size !== job.bytes) fail(`download incomplete: ${size} of ${job.bytes} bytes (left in ${name}.part)`);
renameSync(`${name}.part`, name);
process.stderr.write(`saved ${name} (${job.rows.toLocaleString("en")} rows, ${mib(job.bytes)})\n`);

#!/usr/bin/env node
// npm run export -- [options]: starts an EDC export job (POST /edc/exports), shows its progress, and
// saves the file when it is done. Ctrl-C cancels the job (DELETE /edc/exports/{id}).
//
//   npm run export -- --edc cc_demo --kind extract-data --table item_data --format csv --out item_data.csv
//   npm run export -- --edc cc_demo --kind download-csvs-data --params '{"filters":{"site_id":"DEMO-S01"}}'
//
// Options: --base (default http://localhost:8787), --token, or --email/--password (default the demo API
// user), --edc, --kind (extract-data | crf-level | crf-level-csvs | download-csvs-data), --table,
// --format (json | ndjson | csv; extract-data), --params (JSON of the kind's usual body), --notify a@x,b@y,
// --out (default: the file's own name).
import { createWriteStream } from "node:fs";
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
  const res = await fetch(new URL(path, opt.base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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

const created = await api("POST", "/edc/exports", { body, token, edc: opt.edc });
if (created.res.status !== 202) fail(`the job was refused: ${problem(created)}`);
const id = created.json.id;
process.stderr.write(`job ${id} queued\n`);

process.on("SIGINT", async () => {
  const cancel = await api("DELETE", `/edc/exports/${id}`, { token });
  fail(cancel.res.status === 200 ? "cancelled" : `could not cancel: ${problem(cancel)}`);
});

const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const WIDTH = 30;
let tick = 0;
/** The bar moves with each uploaded part; the job does not know its row total before it ends. */
function draw(job) {
  tick += 1;
  const filled = job.status === "done" ? WIDTH : Math.min(WIDTH - 1, job.parts);
  const spinner = job.status === "done" ? "=" : "|/-\\"[tick % 4];
  const bar = "=".repeat(filled) + (filled < WIDTH ? spinner : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
  process.stderr.write(`\r[${bar}] ${job.status.padEnd(9)} ${job.rows.toLocaleString("en")} rows  ${mib(job.bytes)}  ${job.parts} parts `);
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
process.stderr.write("\n");
if (job.status !== "done") fail(`the job ended ${job.status}${job.error ? `: ${job.error}` : ""}`);

const file = await fetch(job.download);
if (!file.ok || !file.body) fail(`download failed: ${file.status}`);
const name = opt.out ?? decodeURIComponent(new URL(job.download).pathname.split("/").pop());
await pipeline(Readable.fromWeb(file.body), createWriteStream(name));
process.stderr.write(`saved ${name} (${job.rows.toLocaleString("en")} rows, ${mib(job.bytes)})\n`);

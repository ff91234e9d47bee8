// `npm run bench`: starts the local stack on a free loopback port (its own wrangler state and EDC database under
// .data/bench/<scale>/), generates the benchmark data when absent, runs every benchmark whose route exists, and
// rewrites test/bench/RESULTS.md (and test/bench/results.json).
//
//   BENCH_SCALE=full (default) | small     sizes: see SCALES below
//   BENCH_RUNS=3                           runs per measurement (medians are reported; at least 3)
//   BENCH_ONLY=floor,routes,auth,edc,zip,exports,flask,commcare,edge,bundle   a subset (RESULTS.md is still rewritten)
//   BENCH_EXPORT_MAX_ROWS=1000000           export jobs (areas/exports.mjs) only on schemas of at most this many rows
//   BENCH_EDGE_DELAY_MS=50                 the edge area's simulated far round trip (areas/edge.mjs)
//   BENCH_ROUTE_SAMPLES=5                  request pairs (GET /healthz + the operation) per operation per run, area routes
//   BENCH_BUNDLE=path/index.js             run a bundle built earlier (a worker.bundle beside it feeds the start-up profile)
//   BENCH_OUT=path.md                      where to write the report (default test/bench/RESULTS.md; the JSON goes beside it)
//   --render                               only rewrite RESULTS.md from test/bench/results.json
//   EDC_DATABASE_URL=postgres://…          use database trialedge_bench on that server instead of PGlite
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { startBenchStack } from "./lib/bench-stack.mjs";
import { login } from "./lib/http.mjs";
import { servedRoutes } from "./lib/routes.mjs";
import { runLoadAreas } from "./areas/load-areas.mjs";
import { runEdc } from "./areas/edc.mjs";
import { exportSchemas, exportsSection, runExports } from "./areas/exports.mjs";
import { runZip } from "./areas/zip.mjs";
import { runFlask } from "./areas/flask.mjs";
import { runCommCare } from "./areas/commcare.mjs";
import { runAuthD1Count } from "./areas/auth-d1.mjs";
import { runAuthLoad } from "./areas/auth-load.mjs";
import { runRoutes } from "./areas/routes.mjs";
import { runEdge } from "./areas/edge.mjs";
import { startDelayProxy } from "./edge/delay-proxy.mjs";
import { runStartup } from "./areas/startup.mjs";
import { renderReport } from "./lib/report.mjs";
import { verdictFailures } from "./lib/verdicts.mjs";

/** The export-jobs section (areas/exports.mjs), placed before the data appendix of the report. */
function withExports(md, r) {
  const section = `## Export jobs\n\n${exportsSection(r.areas.exports)}\n\n`;
  return md.includes("## Benchmark data") ? md.replace("## Benchmark data", `${section}## Benchmark data`) : md + section;
}

// `node test/bench/run.mjs --render`: rewrite RESULTS.md from test/bench/results.json without running anything.
if (process.argv.includes("--render")) {
  const saved = JSON.parse(readFileSync("test/bench/results.json", "utf8"));
  writeFileSync(process.env.BENCH_OUT ?? "test/bench/RESULTS.md", withExports(renderReport(saved), saved));
  process.exit(0);
}

const SCALES = {
  small: { edc: { cc_bench_10k: 10_000, cc_bench_100k: 100_000 }, deviceLogs: 20_000, cases: 10_000, loadSeconds: 2, connections: 16 },
  full: {
    edc: { cc_bench_100k: 100_000, cc_bench_1m: 1_000_000, cc_bench_3m: 3_000_000 },
    deviceLogs: 200_000,
    cases: 100_000,
    loadSeconds: 5,
    connections: 16,
  },
};
const scaleName = process.env.BENCH_SCALE ?? "full";
const scale = SCALES[scaleName];
if (!scale) throw new Error(`BENCH_SCALE must be one of ${Object.keys(SCALES).join(", ")}`);
const runs = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : null;
const wants = (area) => !only || only.has(area);
const out = process.env.BENCH_OUT ?? "test/bench/RESULTS.md";
const dir = `.data/bench/${scaleName}`;
const budgetMs = Number(process.env.BENCH_MAX_MINUTES ?? 60) * 60_000;
let deadline = Date.now() + budgetMs; // restarted once the stack is up: generating the data does not spend it
const log = (s) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

const version = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim()
      .split("\n")[0];
  } catch {
    return "n/a";
  }
};

// The EDC area compares every extract with `psql \copy` of the same rows: without psql it cannot say anything.
if (wants("edc") && version("psql", ["--version"]) === "n/a") {
  console.error(
    "npm run bench: `psql` is not on PATH. The EDC benchmark reports extract-data and download-csvs-data as a ratio to " +
      "`psql \\copy` on the same data; install the PostgreSQL client (e.g. apt-get install postgresql-client) or leave the area out " +
      "with BENCH_ONLY=floor,routes,auth,zip,flask,commcare,bundle.",
  );
  process.exit(2);
}

// The month the routes area downloads billing reports of; the bench seed runs the billing job for it.
const billingMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

const meta = {
  date: new Date().toISOString(),
  scale: scaleName,
  runs,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  memGiB: Math.round(Number(version("awk", ["/MemTotal/ {print $2}", "/proc/meminfo"])) / 1024 / 1024),
  node: process.version,
  wrangler: version("npx", ["wrangler", "--version"]).replace(/^.*?(\d+\.\d+\.\d+).*$/, "$1"),
  autocannon: JSON.parse(readFileSync("node_modules/autocannon/package.json", "utf8")).version,
  psql: version("psql", ["--version"]),
  loadAvgAtStart: loadavg()
    .map((x) => x.toFixed(2))
    .join(" "),
  edcBackend: process.env.EDC_DATABASE_URL ? "PostgreSQL (EDC_DATABASE_URL)" : "PGlite (embedded, pglite-socket)",
};
log(`scale ${scaleName}, ${runs} runs, ${meta.cpus} × ${meta.cpuModel}, Node ${meta.node}, wrangler ${meta.wrangler}`);

const registry = JSON.parse(/^EDC_REGISTRY = '(.*)'$/m.exec(readFileSync("wrangler.toml", "utf8"))[1]);
for (const schema of [...Object.keys(scale.edc), ...Object.keys(exportSchemas(scaleName))]) registry[schema] = { binding: "EDC", schema };

// The Worker runs behind the bench-only entry (test/bench/edge/entry.ts): with no `x-bench-delay-ms` header its
// wrappers only count calls, so every other area measures the same code the deployed entry runs.
let edcProxy = null;
const stack = await startBenchStack({
  dir,
  entry: "test/bench/edge/entry.ts",
  edcVia: async (url) => {
    edcProxy = await startDelayProxy(url);
    return edcProxy.url;
  },
  pgliteDir: `${dir}/pglite`,
  edcSchemas: { ...(wants("edc") ? scale.edc : {}), ...(wants("exports") ? exportSchemas(scaleName) : {}) },
  seedArgs: [
    ...(wants("flask") || wants("floor") ? ["--device-logs", String(scale.deviceLogs)] : []),
    ...(wants("commcare") || wants("floor") ? ["--cases", String(scale.cases)] : []),
    ...(wants("routes") || wants("edge") ? ["--billing-month", billingMonth] : []),
  ],
  vars: { RATE_LIMIT_PER_MINUTE: "100000000", COMMCARE_RATE_LIMIT_PER_MINUTE: "100000000", EDC_REGISTRY: JSON.stringify(registry) },
  log,
});

// How long generating the data took, kept beside the data (.data/bench/<scale>/generation.json) so a later run that
// reuses the data still reports it.
const genFile = `${dir}/generation.json`;
const generation = existsSync(genFile) ? JSON.parse(readFileSync(genFile, "utf8")) : {};
for (const [k, v] of Object.entries(stack.edcReport))
  if (v.generated) generation[`edc ${k}`] = { rows: v.itemRows, seconds: v.seconds, at: meta.date };
for (const k of ["device-logs", "cases"]) {
  const v = stack.seedReport[k];
  if (v?.added) generation[`d1 ${k}`] = { rows: v.had + v.added, seconds: v.seconds, at: meta.date };
}
writeFileSync(genFile, `${JSON.stringify(generation, null, 2)}\n`);

const results = {
  meta,
  generation,
  startup: stack.timings,
  bundle: stack.bundle,
  seed: stack.seedReport,
  edcData: stack.edcReport,
  areas: {},
  notes: [],
};
let failed = false;
const cleanup = async () => {
  await stack.stop();
  await edcProxy?.stop();
};
process.on("SIGINT", () => cleanup().then(() => process.exit(130)));
process.on("SIGTERM", () => cleanup().then(() => process.exit(143)));

try {
  log(`started: wrangler dev → first 200 in ${Math.round(stack.timings.wranglerToFirst200Ms)} ms`);
  deadline = Date.now() + budgetMs;
  const routes = await servedRoutes(stack.base);
  const ctx = {
    base: stack.base,
    dir,
    bundle: stack.bundle,
    routes,
    runs,
    scale,
    log,
    wranglerPid: stack.wrangler.pid,
    edcUrl: stack.edc.url,
    edcProxy,
    seed: stack.seedReport,
    edcData: stack.edcReport,
    deadline,
    token: await login(stack.base, "api@demo.test"),
    notes: results.notes,
    /** A fresh workerd for measurements of memory: RSS never shrinks after earlier work in the same process. */
    async restart() {
      const t = await stack.restart();
      ctx.base = stack.base;
      ctx.wranglerPid = stack.wrangler.pid;
      await fetch(`${stack.base}/healthz`).then((r) => r.text());
      return t;
    },
  };
  // warm the KV session cache of the token
  await fetch(`${stack.base}/auth/self`, { headers: { authorization: ctx.token } }).then((r) => r.text());

  const step = async (area, fn) => {
    if (!wants(area)) return;
    if (Date.now() > deadline) {
      failed = true;
      results.notes.push(`${area}: skipped, the run's time budget (BENCH_MAX_MINUTES) was spent`);
      return;
    }
    log(`== ${area}`);
    try {
      results.areas[area] = await fn();
      const flagged = [results.areas[area]?.flagged, ...verdictFailures(area, results.areas[area])].filter(Boolean).join("; ");
      if (flagged) {
        failed = true;
        results.notes.push(`${area}: flagged: ${flagged}`);
      }
    } catch (err) {
      failed = true;
      log(`${area} failed: ${err.stack ?? err}`);
      results.notes.push(`${area}: failed: ${String(err.message ?? err).split("\n")[0]}`);
    }
  };
  await step("floor", () => runLoadAreas(ctx));
  await step("routes", () => runRoutes(ctx, { billingMonth }));
  await step("auth", async () => {
    const load = await runAuthLoad(ctx);
    const d1 = await runAuthD1Count(ctx);
    const flagged = [load.flagged, d1.passed ? null : `${d1.test} did not pass`].filter(Boolean).join("; ") || null;
    return { load, d1, flagged };
  });
  await step("flask", () => runFlask(ctx));
  await step("commcare", () => runCommCare(ctx));
  await step("edc", () => runEdc(ctx));
  await step("zip", () => runZip(ctx));
  await step("exports", () => runExports(ctx, { schemas: exportSchemas(scaleName) }));
  await step("edge", () => runEdge(ctx, { billingMonth }));
  await step("bundle", () => runStartup(ctx));
} finally {
  results.startupSamples = stack.startups;
  await cleanup();
}

meta.loadAvgAtEnd = loadavg()
  .map((x) => x.toFixed(2))
  .join(" ");
meta.finished = new Date().toISOString();
const jsonOut = process.env.BENCH_OUT ? `${out.replace(/\.md$/, "")}.json` : "test/bench/results.json";
writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(out, withExports(renderReport(results), results));
log(`wrote ${out} and ${jsonOut}`);
process.exit(failed ? 1 : 0);

// `npm start`: the whole local stack in one command.
//   1. .dev.vars with fresh secrets (if missing)   2. D1 migrations   3. demo seed (idempotent)
//   4. EDC PostgreSQL: PGlite in .data/pglite, or EDC_DATABASE_URL   5. wrangler dev on :8787
// Ctrl-C stops everything it started. State persists in .wrangler/state and .data/pglite.
// One line per step, then the banner, then one line per request; `npm start -- --verbose` shows every tool's
// own output (wrangler's banner and bindings table, migration tables, seed report, JSON request logs).
// The pieces live in scripts/lib/stack.mjs (shared with the benchmarks and the load test).
import { createInterface } from "node:readline";
import { DEMO_ACCOUNTS_TEXT } from "./lib/demo-accounts.mjs";
import { applyD1Migrations, edcVars, ensureDevVars, seedDemo, startEdc, startWrangler, stopChild, waitHealthy } from "./lib/stack.mjs";

const verbose = process.argv.includes("--verbose") || process.argv.includes("-v");
const PORT = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${PORT}`;
const log = (msg) => console.log(`[start] ${msg}`);
const quiet = verbose ? "inherit" : "pipe";

/** Runs a step; in quiet mode its output is shown only when it fails. */
function step(what, fn) {
  try {
    return fn();
  } catch (err) {
    console.error(`[start] ${what} failed: ${err.message}`);
    process.exit(1);
  }
}

if (ensureDevVars()) log("wrote .dev.vars with fresh local secrets");

const migrations = step("D1 migrations", () => applyD1Migrations({ stdio: quiet }));
const applied = migrations?.stdout ? (migrations.stdout.match(/│\s*\d{4}_[^│]*?\.sql\s*│\s*✅/g) ?? []).length : null;
log(`D1 migrations: ${applied === null ? "applied" : applied ? `${applied} applied` : "up to date"}`);

const seedOut = step("demo seed", () => seedDemo({ stdio: verbose ? ["ignore", "pipe", "inherit"] : "pipe" }));
if (verbose) process.stdout.write(seedOut);
const seedLine = seedOut.split("\n").find((l) => l.startsWith("[seed] "));
const seeded = seedLine
  ? Object.entries(JSON.parse(seedLine.slice(7)))
      .filter(([, v]) => v)
      .map(([k]) => k)
  : [];
log(`demo seed: ${seeded.length ? `loaded (${seeded.join(", ")})` : "already loaded"}`);

const edc = await startEdc({ dataDir: ".data/pglite", defaultDbName: "trialedge_dev" });
log(process.env.EDC_DATABASE_URL ? "EDC: PostgreSQL from EDC_DATABASE_URL" : "EDC: embedded PostgreSQL (PGlite) in .data/pglite");

log(`starting wrangler dev on ${base}`);
const wrangler = startWrangler({
  port: PORT,
  edcUrl: edc.url,
  vars: edcVars(edc),
  stdio: verbose ? ["inherit", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
});
if (!verbose) {
  filterLines(wrangler.stdout, process.stdout);
  filterLines(wrangler.stderr, process.stderr);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await stopChild(wrangler); // wrangler, workerd and every process under them
  await edc.stop().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
wrangler.on("exit", (code) => stop(code ?? 1));

try {
  await waitHealthy(base, { timeoutMs: 120_000, intervalMs: 500, child: wrangler });
} catch (err) {
  console.error(`[start] the API did not come up: ${err.message} (is port ${PORT} taken? set PORT=...)`);
  await stop(1);
}
console.log(`
  TrialEdge is running
    API          ${base}
    Swagger UI   ${base}/swagger
    OpenAPI      ${base}/openapi.json
    Ready        ${base}/readyz
    Cron         curl ${base}/cdn-cgi/handler/scheduled   (runs the monthly billing job now)

${DEMO_ACCOUNTS_TEXT}

    curl -X POST ${base}/auth/authorize -d '{"email":"api@demo.test","password":"demo-password"}'

  Ctrl-C stops everything. More output: npm start -- --verbose
`);

/**
 * wrangler dev's output without what `npm start` already says or what repeats per request: its banner, bindings
 * table and ready line (the banner above says it), its own request lines (the Worker logs each request once,
 * condensed here to one line). Warnings and errors pass through unchanged.
 */
function filterLines(from, to) {
  let inBindings = false;
  createInterface({ input: from }).on("line", (raw) => {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
    if (/^Your Worker has access to the following bindings:/.test(line)) return void (inBindings = true);
    if (inBindings) {
      if (line.trim() === "" || /^(Binding|env\.|\s)/.test(line)) return;
      inBindings = false;
    }
    // The cron trigger's how-to (README "Behaviour worth knowing") and the Hyperdrive note describe this very setup.
    if (/^Found a non-empty CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_/.test(line)) return;
    if (
      /Scheduled Workers are not automatically triggered|To manually trigger a scheduled event|cdn-cgi\/handler\/scheduled|#test-cron-triggers-locally/.test(
        line,
      )
    )
      return;
    if (
      /^\s*$|^\s*⛅️ wrangler|^─+$|^⎔ |Ready on http|^\[wrangler:info\] (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) |Using vars defined in|Using secrets defined in|^Your Worker and resources are simulated locally/.test(
        line,
      )
    )
      return;
    if (line.startsWith('{"level":"info","event":"request"')) {
      try {
        const r = JSON.parse(line);
        return void to.write(`${r.method} ${r.path} ${r.status} ${r.duration_ms}ms${r.tenant ? ` ${r.tenant}` : ""}\n`);
      } catch {
        // not one of ours after all: shown as it is
      }
    }
    to.write(`${raw}\n`);
  });
}

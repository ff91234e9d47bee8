// `npm start`: the whole local stack in one command.
//   1. .dev.vars with fresh secrets (if missing)   2. D1 migrations   3. demo seed (idempotent)
//   4. EDC PostgreSQL: PGlite in .data/pglite, or EDC_DATABASE_URL   5. wrangler dev on :8787
// Ctrl-C stops everything it started. State persists in .wrangler/state and .data/pglite.
// The pieces live in scripts/lib/stack.mjs (shared with the benchmarks and the load test).
import { applyD1Migrations, edcVars, ensureDevVars, seedDemo, startEdc, startWrangler, stopChild, waitHealthy } from "./lib/stack.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${PORT}`;
const log = (msg) => console.log(`[start] ${msg}`);

if (ensureDevVars()) log("wrote .dev.vars with fresh local secrets");

log("applying D1 migrations");
applyD1Migrations();
log("loading the demo seed");
seedDemo();

if (process.env.EDC_DATABASE_URL) log("EDC: using EDC_DATABASE_URL (loading the demo EDC schemas if missing)");
else log("EDC: starting embedded PostgreSQL (PGlite) in .data/pglite");
const edc = await startEdc({ dataDir: ".data/pglite", defaultDbName: "trialedge_dev" });

const wrangler = startWrangler({ port: PORT, edcUrl: edc.url, vars: edcVars(edc), stdio: ["inherit", "inherit", "inherit"] });

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

  Demo credentials (local demo seed only; password for every user: demo-password)
    Flask / EDC  api@demo.test (API role), admin@demo.test (customer admin)   EDC header: cc_demo
                 api@other.test (Other Pharma)                                 EDC header: cc_other
    CommCare     domain demo: ApiKey admin@demo.test:demo-api-key, viewer@demo.test:viewer-api-key
                 domain other: ApiKey admin@other.test:other-api-key

    curl -X POST ${base}/auth/authorize -d '{"email":"api@demo.test","password":"demo-password"}'

  Ctrl-C stops everything.
`);

// `npm start`: the whole local stack in one command.
//   1. .dev.vars with fresh secrets (if missing)   2. D1 migrations   3. demo seed (idempotent)
//   4. EDC PostgreSQL: PGlite in .data/pglite, or EDC_DATABASE_URL   5. wrangler dev on :8787
// Ctrl-C stops everything it started. State persists in .wrangler/state and .data/pglite.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServerDatabase, startPglite } from "./lib/edc-server.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${PORT}`;
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
const log = (msg) => console.log(`[start] ${msg}`);

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

if (!existsSync(".dev.vars")) {
  const secret = () => randomBytes(32).toString("base64url");
  writeFileSync(".dev.vars", `TOKEN_SECRET=${secret()}\nDOWNLOAD_SECRET=${secret()}\n`, { mode: 0o600 });
  log("wrote .dev.vars with fresh local secrets");
}

log("applying D1 migrations");
run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"], { CI: "true" });
log("loading the demo seed");
run("node", ["--import", "tsx", "scripts/seed-demo.ts"]);

let edc;
if (process.env.EDC_DATABASE_URL) {
  log("EDC: using EDC_DATABASE_URL (loading the demo EDC schemas if missing)");
  const url = new URL(process.env.EDC_DATABASE_URL);
  const name = url.pathname.replace(/^\//, "") || "trialedge_dev";
  url.pathname = "/postgres";
  edc = await createServerDatabase(url.toString(), { name, dropOnStop: false });
} else {
  mkdirSync(".data", { recursive: true });
  log("EDC: starting embedded PostgreSQL (PGlite) in .data/pglite");
  edc = await startPglite({ dataDir: ".data/pglite" });
}

const wrangler = spawn("npx", ["wrangler", "dev", "--port", String(PORT), "--ip", "127.0.0.1"], {
  stdio: ["inherit", "inherit", "inherit"],
  env: { ...env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_EDC: edc.url },
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  wrangler.kill("SIGTERM");
  await edc.stop().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
wrangler.on("exit", (code) => stop(code ?? 0));

for (let i = 0; i < 240; i++) {
  const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 500));
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

    curl -X POST ${base}/auth/authorize -H 'content-type: application/json' \\
      -d '{"email":"api@demo.test","password":"demo-password"}'

  Ctrl-C stops everything.
`);

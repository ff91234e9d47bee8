// The local stack, piece by piece: shared by `npm start` (scripts/dev.mjs), `npm run bench`
// (test/bench/run.mjs) and `npm run test:load` (test/load/run.mjs).
//   .dev.vars secrets · D1 migrations · demo seed · EDC PostgreSQL (PGlite or EDC_DATABASE_URL) · wrangler dev
// Everything here binds to 127.0.0.1 only.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { createServerDatabase, startPglite } from "./edc-server.mjs";

/** The environment of every child: no telemetry, no network fetches by wrangler, no update notices (wrangler's or npm's). */
export const stackEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  NO_UPDATE_NOTIFIER: "1",
  npm_config_update_notifier: "false",
};

function run(cmd, args, { extraEnv = {}, stdio = "inherit" } = {}) {
  const r = spawnSync(cmd, args, { stdio, env: { ...stackEnv, ...extraEnv }, encoding: "utf8" });
  if (r.status !== 0) {
    const out = stdio === "pipe" ? `\n${r.stdout ?? ""}${r.stderr ?? ""}` : "";
    throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}${out}`);
  }
  return r;
}

const SECRETS = ["TOKEN_SECRET", "DOWNLOAD_SECRET"];

/** Gives .dev.vars a fresh local value for each secret it lacks (creating it); true when it wrote any. */
export function ensureDevVars() {
  const current = existsSync(".dev.vars") ? readFileSync(".dev.vars", "utf8") : "";
  const missing = SECRETS.filter((k) => !new RegExp(`^${k}=.+$`, "m").test(current));
  if (missing.length === 0) return false;
  const lines = missing.map((k) => `${k}=${randomBytes(32).toString("base64url")}\n`).join("");
  writeFileSync(".dev.vars", (current && !current.endsWith("\n") ? current + "\n" : current) + lines, { mode: 0o600 });
  return true;
}

/** `wrangler d1 migrations apply DB --local` (into `persistTo` when given, else .wrangler/state). */
export function applyD1Migrations({ persistTo, stdio = "inherit" } = {}) {
  const args = ["wrangler", "d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  return run("npx", args, { extraEnv: { CI: "true" }, stdio });
}

/**
 * The demo seed (idempotent) through wrangler's platform proxy: scripts/seed-demo.ts for the default
 * state; scripts/bench/seed.ts for another `persistTo` (it also loads bulk benchmark data on request).
 */
export function seedDemo({ persistTo, stdio = "inherit", extraArgs = [] } = {}) {
  const args = persistTo
    ? ["--import", "tsx", "scripts/bench/seed.ts", "--persist-to", persistTo, ...extraArgs]
    : ["--import", "tsx", "scripts/seed-demo.ts"];
  return run("node", args, { stdio }).stdout ?? "";
}

/**
 * The EDC PostgreSQL: a database on the server named by EDC_DATABASE_URL (its path names the database,
 * default `defaultDbName`; kept on stop), or PGlite persisted in `dataDir` (in memory without one).
 */
export async function startEdc({
  dataDir,
  defaultDbName = "trialedge_dev",
  databaseUrl = process.env.EDC_DATABASE_URL,
  dropOnStop = false,
} = {}) {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    const name = url.pathname.replace(/^\//, "") || defaultDbName;
    url.pathname = "/postgres";
    return createServerDatabase(url.toString(), { name, dropOnStop });
  }
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return startPglite(dataDir ? { dataDir } : {});
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The Worker's vars an EDC needs: PGlite takes one connection at a time, so the Worker must open one
 * per request (EDC_POOL_MAX, src/db/edc.ts); a server keeps the Worker's default.
 */
export const edcVars = (edc) => (edc.poolMax ? { EDC_POOL_MAX: String(edc.poolMax) } : {});

/**
 * Spawns `wrangler dev` on 127.0.0.1:`port`. `script` (with `noBundle`) runs a prebuilt bundle instead of
 * src/index.ts, so edits to src/ during a run do not reload the Worker. `vars` become `--var K:V`.
 */
export function startWrangler({
  port,
  edcUrl,
  persistTo,
  vars = {},
  script,
  noBundle = false,
  inspectorPort,
  logLevel,
  stdio = "inherit",
}) {
  const args = ["wrangler", "dev"];
  if (script) args.push(script, "--config", "wrangler.toml"); // else wrangler looks for a config beside the script
  if (noBundle) args.push("--no-bundle");
  args.push("--port", String(port), "--ip", "127.0.0.1");
  if (inspectorPort) args.push("--inspector-port", String(inspectorPort));
  if (persistTo) args.push("--persist-to", persistTo);
  if (logLevel) args.push("--log-level", logLevel);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  // Every Hyperdrive binding of wrangler.toml reaches the one local EDC server (its databases are schemas there).
  const hyperdrives = Object.fromEntries(hyperdriveBindings().map((b) => [`CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_${b}`, edcUrl]));
  return spawn("npx", args, { stdio, env: { ...stackEnv, ...hyperdrives } });
}

/** The `binding` of each [[hyperdrive]] table of wrangler.toml (at least EDC). */
export function hyperdriveBindings(toml = readFileSync("wrangler.toml", "utf8")) {
  const bindings = [];
  for (const block of toml.split(/^\[\[hyperdrive\]\]\s*$/m).slice(1)) {
    const m = /^binding\s*=\s*"([A-Za-z_][A-Za-z0-9_]*)"/m.exec(block.split(/^\[/m)[0]);
    if (m) bindings.push(m[1]);
  }
  return bindings.length ? bindings : ["EDC"];
}

/** Polls GET /healthz until it answers 200; returns the milliseconds waited. Throws after `timeoutMs`. */
export async function waitHealthy(base, { timeoutMs = 120_000, intervalMs = 50, child } = {}) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode} before answering`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${base}/healthz did not answer 200 within ${timeoutMs} ms`);
}

/** The pids of every descendant of `rootPid` (Linux /proc), with their command names. */
export function descendants(rootPid) {
  const children = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push({ pid: Number(d), comm });
    } catch {
      // the process ended while we looked
    }
  }
  const out = [];
  const queue = [rootPid];
  while (queue.length) {
    for (const c of children.get(queue.shift()) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/** The pid of the `workerd` process under `rootPid` (wrangler's child), or null. */
export const workerdPid = (rootPid) => descendants(rootPid).find((p) => p.comm === "workerd")?.pid ?? null;

/** Stops a child and its whole process group or tree (the child only, never anything else). */
export async function stopChild(child, { signal = "SIGTERM", graceMs = 5000 } = {}) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const tree = descendants(child.pid);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  const timer = new Promise((r) => setTimeout(r, graceMs, "timeout"));
  if ((await Promise.race([exited, timer])) === "timeout") child.kill("SIGKILL");
  for (const { pid, comm } of tree) {
    try {
      const now = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (now.slice(now.indexOf("(") + 1, now.lastIndexOf(")")) === comm) process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

// The local stack for `npm run bench` and `npm run test:load`, started from scripts/lib/stack.mjs:
// a prebuilt bundle (so edits to src/ during a run cannot reload the Worker), its own wrangler state and
// EDC database, bulk benchmark data when asked, and `wrangler dev` on a free loopback port.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { generate } from "../../../scripts/edc/generate.mjs";
import {
  applyD1Migrations,
  ensureDevVars,
  freePort,
  seedDemo,
  stackEnv,
  startEdc,
  startWrangler,
  stopChild,
  waitHealthy,
  workerdPid,
} from "../../../scripts/lib/stack.mjs";

/**
 * `wrangler deploy --dry-run --outdir --outfile`: the bundle wrangler would upload, with its sizes. `script` is the
 * module `wrangler dev --no-bundle` runs; `uploadBundle` the multipart upload body (`--outfile`) that
 * `wrangler check startup --workerBundle` profiles.
 */
export function buildBundle(outdir, entry) {
  const uploadBundle = `${outdir}/worker.bundle`;
  const entryArgs = entry ? [entry, "--config", "wrangler.toml"] : [];
  const r = spawnSync("npx", ["wrangler", "deploy", ...entryArgs, "--dry-run", "--outdir", outdir, "--outfile", uploadBundle], {
    env: stackEnv,
    encoding: "utf8",
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${out}`);
  const m = /Total Upload:\s*([\d.]+) KiB \/ gzip:\s*([\d.]+) KiB/.exec(out);
  const script = `${outdir}/${entry ? basename(entry).replace(/\.[cm]?ts$/, ".js") : "index.js"}`;
  const js = readFileSync(script);
  return {
    script,
    uploadBundle,
    rawBytes: js.length,
    gzipBytes: gzipSync(js, { level: 9 }).length,
    wranglerUploadKiB: m ? Number(m[1]) : null,
    wranglerGzipKiB: m ? Number(m[2]) : null,
  };
}

/**
 * Builds the bundle, retrying for a while when the build fails (someone may be half-way through an edit of
 * src/). BENCH_BUNDLE=path/to/index.js uses a bundle built earlier instead (its sizes are still reported; a
 * `worker.bundle` beside it, from `--outfile`, is used for the start-up profile).
 */
async function buildBundleWithRetry(
  outdir,
  log,
  entry,
  { attempts = Number(process.env.BENCH_BUILD_ATTEMPTS ?? 6), delayMs = 20_000 } = {},
) {
  if (process.env.BENCH_BUNDLE) {
    const js = readFileSync(process.env.BENCH_BUNDLE);
    log(`using the prebuilt bundle ${process.env.BENCH_BUNDLE}`);
    const upload = `${dirname(process.env.BENCH_BUNDLE)}/worker.bundle`;
    return {
      script: process.env.BENCH_BUNDLE,
      uploadBundle: existsSync(upload) ? upload : null,
      rawBytes: js.length,
      gzipBytes: gzipSync(js, { level: 9 }).length,
      wranglerUploadKiB: null,
      wranglerGzipKiB: null,
      prebuilt: true,
    };
  }
  for (let i = 1; ; i++) {
    log(`building the bundle (wrangler deploy --dry-run)${i > 1 ? `, attempt ${i} of ${attempts}` : ""}`);
    try {
      return buildBundle(outdir, entry);
    } catch (err) {
      if (i >= attempts) throw err;
      log(
        `build failed (${
          String(err.message)
            .split("\n")
            .find((l) => l.includes("ERROR")) ?? "see above"
        }); retrying in ${delayMs / 1000} s`,
      );
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** item_data rows of an EDC schema (0 when the schema does not exist). */
async function itemRows(url, schema) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = await sql`select count(*)::int as n from pg_namespace where nspname = ${schema}`;
    if (!n) return 0;
    const [{ rows }] = await sql.unsafe(`select count(*)::int as rows from "${schema}".item_data`);
    return rows;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Starts everything. `edcSchemas`: { schema: itemDataRows } generated when absent or short.
 * `seedArgs`: extra arguments for scripts/bench/seed.ts (bulk D1 data). `vars`: wrangler --var overrides.
 * `entry`: a Worker entry other than wrangler.toml's `main` (the bench's test/bench/edge/entry.ts).
 * `edcVia(url)`: resolves to the URL the Worker should reach the EDC at instead (the bench's delay proxy).
 */
export async function startBenchStack({
  dir,
  edcSchemas = {},
  seedArgs = [],
  vars = {},
  pgliteDir,
  log = console.log,
  fresh = false,
  logLevel = "warn",
  entry,
  edcVia,
}) {
  mkdirSync(dir, { recursive: true });
  const timings = {};
  const persistTo = `${dir}/wrangler`;
  if (ensureDevVars()) log("wrote .dev.vars with fresh local secrets");

  let t = performance.now();
  const bundle = await buildBundleWithRetry(`${dir}/bundle`, log, entry);
  timings.bundleMs = performance.now() - t;

  log(`D1: migrations and seed into ${persistTo}`);
  t = performance.now();
  applyD1Migrations({ persistTo, stdio: "pipe" });
  const edcStudyArgs = Object.keys(edcSchemas).flatMap((s) => ["--edc-study", s]);
  const seedOut = seedDemo({ persistTo, stdio: ["ignore", "pipe", "inherit"], extraArgs: [...edcStudyArgs, ...seedArgs] });
  const seedLine = seedOut.split("\n").find((l) => l.startsWith("[bench-seed] "));
  const seedReport = seedLine ? JSON.parse(seedLine.slice(13)) : {};
  timings.d1SeedMs = performance.now() - t;

  let databaseUrl;
  if (process.env.EDC_DATABASE_URL) {
    const u = new URL(process.env.EDC_DATABASE_URL);
    u.pathname = fresh ? `/trialedge_load_${process.pid}` : "/trialedge_bench";
    databaseUrl = u.toString();
  }
  log(
    `EDC: ${databaseUrl ? `PostgreSQL database ${new URL(databaseUrl).pathname.slice(1)}` : `PGlite${pgliteDir ? ` in ${pgliteDir}` : " (in memory)"}`}`,
  );
  t = performance.now();
  const edc = await startEdc({ dataDir: pgliteDir, databaseUrl, dropOnStop: fresh });
  timings.edcStartMs = performance.now() - t;

  const edcReport = {};
  for (const [schema, rows] of Object.entries(edcSchemas)) {
    const have = await itemRows(edc.url, schema);
    if (have >= rows * 0.99) {
      edcReport[schema] = { itemRows: have, generated: false };
      continue;
    }
    log(`EDC: generating ${schema} (${rows} item_data rows; ${have} there)`);
    const g = await generate({ url: edc.url, schema, itemRows: rows - have });
    edcReport[schema] = { itemRows: have + g.itemRows, generated: true, seconds: g.seconds };
  }

  // wrangler insists on a password in a Hyperdrive connection string; a server with trust auth ignores it.
  const wranglerEdcUrl = new URL(edcVia ? await edcVia(edc.url) : edc.url);
  if (!wranglerEdcUrl.password) wranglerEdcUrl.password = "unused";
  const logFile = createWriteStream(`${dir}/wrangler.log`, { flags: "a" });
  /** Spawns wrangler dev on a fresh port and waits for the first 200; returns its process, base URL and timings. */
  async function launch() {
    const port = await freePort();
    const inspectorPort = await freePort();
    const base = `http://127.0.0.1:${port}`;
    log(`wrangler dev on ${base} (log: ${dir}/wrangler.log)`);
    const spawnedAt = performance.now();
    const wrangler = startWrangler({
      port,
      inspectorPort,
      edcUrl: wranglerEdcUrl.toString(),
      persistTo,
      script: bundle.script,
      noBundle: true,
      logLevel,
      // one EDC connection per request: what PGlite needs, and what keeps 64 concurrent requests under a server's max_connections
      vars: { EDC_POOL_MAX: String(edc.poolMax ?? 1), ...vars },
      stdio: ["ignore", "pipe", "pipe"],
    });
    wrangler.stdout.pipe(logFile, { end: false });
    wrangler.stderr.pipe(logFile, { end: false });
    // workerd's own start-up: from the workerd process's birth (/proc/<pid>/stat starttime) to the first 200.
    let workerdBornAt = null;
    const bootClock = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
    const offset = bootClock() - performance.now(); // performance.now() + offset ≈ ms since boot
    const watch = setInterval(() => {
      if (workerdBornAt !== null) return;
      const pid = workerdPid(wrangler.pid);
      if (pid) {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
        workerdBornAt = ticks * 10 - offset; // CLK_TCK = 100 on Linux
      }
    }, 20);
    try {
      await waitHealthy(base, { timeoutMs: 180_000, intervalMs: 25, child: wrangler });
    } catch (err) {
      await stopChild(wrangler);
      throw err;
    } finally {
      clearInterval(watch);
    }
    const healthyAt = performance.now();
    return {
      wrangler,
      base,
      port,
      startup: {
        wranglerToFirst200Ms: healthyAt - spawnedAt,
        workerdToFirst200Ms: workerdBornAt !== null ? healthyAt - workerdBornAt : null,
      },
    };
  }

  const first = await launch();
  Object.assign(timings, first.startup);
  const startups = [first.startup];

  let stopped = false;
  const stack = {
    base: first.base,
    port: first.port,
    wrangler: first.wrangler,
    edc,
    bundle,
    timings,
    startups,
    seedReport,
    edcReport,
    persistTo,
    /** A fresh workerd (same state, same EDC): stops wrangler dev and starts it again on a new port. */
    async restart() {
      await stopChild(stack.wrangler);
      const next = await launch();
      Object.assign(stack, { base: next.base, port: next.port, wrangler: next.wrangler });
      startups.push(next.startup);
      return next.startup;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild(stack.wrangler);
      await edc.stop().catch(() => undefined);
    },
  };
  return stack;
}

// Export jobs (POST /edc/exports, src/edc/exports) at 1M and 10M item_data rows (BENCH_SCALE=small: 100k):
// one CSV job of item_data per schema, polled every 500 ms. Per job: wall time from POST to `done`, rows/s,
// bytes, parts (steps), retries the job counted, and the Worker's workerd RSS: its peak while each step ran
// (a step = the time between two part counts) and over the job, against its idle RSS before the job.
// Rows are checked against a direct count(*) of the same table. With a PostgreSQL server (EDC_DATABASE_URL),
// the job's EDC connection is terminated once mid-job (pg_terminate_backend) to show a slice retried.
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { fmt, table } from "../lib/stats.mjs";
import { workerdRoles } from "../lib/rss.mjs";

const EXPORT_SCHEMAS = {
  small: { cc_bench_100k: 100_000 },
  full: { cc_bench_1m: 1_000_000, cc_bench_10m: 10_000_000 },
};

/** The scale's job schemas ({schema: item_data rows}), without those above BENCH_EXPORT_MAX_ROWS when set. */
export function exportSchemas(scaleName) {
  const max = Number(process.env.BENCH_EXPORT_MAX_ROWS ?? Infinity);
  return Object.fromEntries(Object.entries(EXPORT_SCHEMAS[scaleName] ?? {}).filter(([, rows]) => rows <= max));
}

const mibOf = (kib) => kib / 1024;

const rssKiB = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

/** The peak VmRSS of one process, sampled every `intervalMs` until stop(). */
function sampleRss(pid, intervalMs = 100) {
  let peakKiB = rssKiB(pid);
  const timer = setInterval(() => (peakKiB = Math.max(peakKiB, rssKiB(pid))), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakKiB: Math.max(peakKiB, rssKiB(pid)) };
    },
  };
}

async function api(ctx, method, path, { body, edc } = {}) {
  const headers = { authorization: ctx.token, "content-type": "application/json" };
  if (edc) headers.edc = edc;
  const res = await fetch(`${ctx.base}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: await res.json() };
}

/** Terminates the EDC backends reading `schema`.item_data (a PostgreSQL server only; PGlite has one session). */
async function cutEdc(ctx, schema) {
  if (!process.env.EDC_DATABASE_URL) return 0;
  const sql = postgres(ctx.edcUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select pg_terminate_backend(pid) as t from pg_stat_activity
      where pid <> pg_backend_pid() and query like ${`%"${schema}"."item_data"%`}`;
    return rows.filter((r) => r.t).length;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function directCount(ctx, schema) {
  const sql = postgres(ctx.edcUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = await sql.unsafe(`select count(*)::int as n from "${schema}".item_data`);
    return n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function oneJob(ctx, schema, timeoutMs) {
  await ctx.restart(); // a fresh workerd: RSS never shrinks after earlier work in the same process
  const { runtime } = workerdRoles(ctx.wranglerPid, new URL(ctx.base).port);
  const idle = rssKiB(runtime);
  const t0 = performance.now();
  const created = await api(ctx, "POST", "/edc/exports", {
    edc: schema,
    body: { kind: "extract-data", format: "csv", params: { tableName: "item_data" } },
  });
  if (created.status !== 202) throw new Error(`${schema}: POST /edc/exports ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.id;
  const steps = [];
  let stepSampler = sampleRss(runtime, 100);
  let stepStart = performance.now();
  let parts = 0;
  let cut = null;
  let job;
  for (;;) {
    job = (await api(ctx, "GET", `/edc/exports/${id}`)).json;
    if (job.parts !== parts || !["queued", "running"].includes(job.status)) {
      const rss = stepSampler.stop();
      steps.push({ parts: job.parts, rows: job.rows, ms: performance.now() - stepStart, peakKiB: rss.peakKiB });
      parts = job.parts;
      stepSampler = sampleRss(runtime, 100);
      stepStart = performance.now();
    }
    if (!["queued", "running"].includes(job.status)) break;
    if (cut === null && job.parts >= 2) cut = await cutEdc(ctx, schema);
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`${schema}: job ${id} still ${job.status} after ${timeoutMs} ms at ${job.rows} rows`);
    await new Promise((r) => setTimeout(r, 500));
  }
  stepSampler.stop();
  const wallMs = performance.now() - t0;
  if (job.status !== "done") throw new Error(`${schema}: job ${id} ended ${job.status}: ${job.error ?? ""}`);
  const count = await directCount(ctx, schema);
  const peaks = steps.map((s) => s.peakKiB);
  const result = {
    schema,
    id,
    rows: job.rows,
    directCount: count,
    rowsMatch: job.rows === count,
    wallMs,
    rowsPerS: job.rows / (wallMs / 1000),
    bytes: job.bytes,
    parts: job.parts,
    retries: job.retries,
    edcConnectionsCut: cut ?? 0,
    idleKiB: idle,
    peakStepKiB: Math.max(...peaks),
    firstStepPeakKiB: peaks[0] ?? 0,
    lastStepPeakKiB: peaks.at(-1) ?? 0,
    steps: steps.map((s) => ({ ...s, ms: Math.round(s.ms) })),
  };
  ctx.log(
    `  ${schema}: ${fmt(job.rows)} rows in ${fmt(wallMs / 1000, 1)} s (${fmt(result.rowsPerS)} rows/s), ${job.parts} parts, ` +
      `${job.retries} retries, peak RSS per step ${fmt(mibOf(result.peakStepKiB), 1)} MiB (idle ${fmt(mibOf(idle), 1)} MiB), count ${result.rowsMatch ? "matches" : `differs (${count})`}`,
  );
  return result;
}

export async function runExports(ctx, { schemas }) {
  const jobs = [];
  let flagged = null;
  for (const schema of Object.keys(schemas)) {
    const left = ctx.deadline - Date.now();
    if (left < 60_000) {
      ctx.notes.push(`exports: ${schema} skipped, the run's time budget was spent`);
      continue;
    }
    const r = await oneJob(ctx, schema, left);
    if (!r.rowsMatch) flagged = `${schema}: job rows ${r.rows} ≠ direct count ${r.directCount}`;
    jobs.push(r);
  }
  return { jobs, flagged, ranAt: new Date().toISOString(), edc: process.env.EDC_DATABASE_URL ? "PostgreSQL (EDC_DATABASE_URL)" : "PGlite" };
}

/** The RESULTS.md section. */
export function exportsSection(area) {
  if (!area?.jobs?.length) return "Not run.";
  const rows = area.jobs.map((j) => [
    j.schema,
    fmt(j.rows),
    j.rowsMatch ? "yes" : `no (${fmt(j.directCount)})`,
    fmt(j.wallMs / 1000, 1),
    fmt(j.rowsPerS),
    fmt(j.bytes / 1048576, 1),
    String(j.parts),
    `${j.retries}${j.edcConnectionsCut ? ` (${j.edcConnectionsCut} EDC connection cut)` : ""}`,
    fmt(mibOf(j.idleKiB), 1),
    fmt(mibOf(j.firstStepPeakKiB), 1),
    fmt(mibOf(j.lastStepPeakKiB), 1),
    fmt(mibOf(j.peakStepKiB), 1),
  ]);
  return [
    `Run ${area.ranAt ?? "n/a"}, EDC ${area.edc ?? "n/a"}. ` +
      "One `extract-data` CSV job of `item_data` per schema (POST /edc/exports, polled every 500 ms), each on a fresh workerd. " +
      "A step is one slice: one 5 MiB part of the R2 multipart upload. RSS is the Worker's workerd (not wrangler's proxy), sampled every 100 ms; " +
      "it holds the local D1, R2 and Workflow engine as well, and never shrinks. With a PostgreSQL server the job's EDC connection is " +
      "terminated once after its second part, and the job counts the failed attempts it retried from their own slice (retries survived).",
    "",
    table(
      [
        "Schema",
        "Rows",
        "= count(*)",
        "Wall s",
        "Rows/s",
        "MiB",
        "Steps",
        "Retries survived",
        "Idle RSS MiB",
        "First step peak",
        "Last step peak",
        "Peak of any step",
      ],
      rows,
    ),
  ].join("\n");
}

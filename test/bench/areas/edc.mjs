// EDC extracts at two sizes (schemas cc_bench_*): POST /edc/study/extract-data of cc_event_data (JSON) and
// POST /edc/study/download-csvs-data (zip of CSVs), against psql's \copy of the same rows as JSON from the
// same database in the same run.
//
// Both EDC backends (issue 10, goal 4): the stack's own (PGlite, or the server of EDC_DATABASE_URL) and the
// other one when it is there (a PostgreSQL server answering at 127.0.0.1:5432 — database trialedge_bench,
// its bench schemas generated when absent — or PGlite beside a server stack). The Worker reaches either
// through the bench's EDC proxy (test/bench/edge/delay-proxy.mjs, retargeted), which also counts the round
// trips (turns) of each extract-data with the origin.
// Verdicts per backend: extract-data JSON ≥ 0.8× psql at the size nearest 1M item_data rows; round trips of
// one extract ≤ 3 + rows/20,000; memory does not grow with the rows (below). A failed one flags the area.
//
// Memory: every API request runs on a freshly started workerd (ctx.restart()), because a process's RSS
// does not shrink after earlier work: its idle RSS is read first, then VmRSS of wrangler's workerd processes
// is sampled every 100 ms during the request. Reported per request: the Worker runtime's first-run peak and
// its delta above that idle RSS; wrangler's proxy workerd (which keeps what it forwards) apart.
import { spawn } from "node:child_process";
import net from "node:net";
import postgres from "postgres";
import { generate } from "../../../scripts/edc/generate.mjs";
import { startEdc } from "../../../scripts/lib/stack.mjs";
import { jsonArrayRowCounter, timedRequest } from "../lib/http.mjs";
import { firstRunMemory, idleRss, sampleRss, workerdRoles } from "../lib/rss.mjs";
import { median } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";
import { zipEntrySizes } from "../lib/zip-size.mjs";

const MiB = 1024 * 1024;
/** The memory verdict: the larger size's delta may exceed the smaller size's by 50%, or by 16 MiB, at most. */
export const MEMORY_GROWTH = { factor: 1.5, slackKiB: 16 * 1024 };
/** extract-data JSON against psql \copy, at the size nearest 1M item_data rows. */
export const MIN_RATIO_TO_PSQL = 0.8;
/** Round trips to the EDC origin per extract: at most 3 + rows / ROWS_PER_TRIP. */
export const ROWS_PER_TRIP = 20_000;

/** psql \copy (select row_to_json(t) …) to stdout: rows, bytes, ms. */
function psqlCopy(url, schema) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(
      "psql",
      [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy (select row_to_json(t) from "${schema}".cc_event_data t) to stdout`],
      {
        env: { ...process.env, PGSSLMODE: "disable" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let bytes = 0;
    let rows = 0;
    let err = "";
    p.stdout.on("data", (b) => {
      bytes += b.length;
      for (let i = 0; i < b.length; i++) if (b[i] === 10) rows++;
    });
    p.stderr.on("data", (b) => (err += b));
    p.on("error", reject);
    p.on("exit", (code) =>
      code === 0 ? resolve({ rows, bytes, ms: performance.now() - t0 }) : reject(new Error(`psql exited ${code}: ${err}`)),
    );
  });
}

/** One POST on a freshly started workerd, its body streamed through `onChunk`: the response figures and its memory (firstRunMemory). */
async function onFreshWorkerd(ctx, path, schema, body, onChunk) {
  await ctx.restart();
  const roles = workerdRoles(ctx.wranglerPid, new URL(ctx.base).port);
  const idle = idleRss(ctx.wranglerPid);
  const rss = sampleRss(ctx.wranglerPid, 100);
  const r = await timedRequest(
    `${ctx.base}${path}`,
    { method: "POST", headers: { authorization: ctx.token, edc: schema, "content-type": "application/json" }, body: JSON.stringify(body) },
    { onChunk },
  );
  const mem = firstRunMemory(idle, rss.stop(), roles);
  if (r.status !== 200) throw new Error(`${path} ${schema}: ${r.status}`);
  return { bytes: r.bytes, ms: r.ms, ttfbMs: r.ttfbMs, contentType: r.headers.get("content-type"), ...mem };
}

async function apiExtract(ctx, schema) {
  const counter = jsonArrayRowCounter();
  const r = await onFreshWorkerd(ctx, "/edc/study/extract-data", schema, { tableName: "cc_event_data" }, (c) => counter.push(c));
  return { rows: counter.rows, ...r };
}

/**
 * Round trips of one extract-data (JSON) with the origin, counted by the proxy: every turn of every
 * connection (start-up, catalog when not cached, BEGIN, the statement, each cursor page, the portal's
 * end, COMMIT), after a first request has warmed the catalog. `onPath` leaves out the one that follows the
 * response (COMMIT of the read-only transaction).
 */
export async function roundTrips(ctx, schema) {
  const once = async () => {
    const counter = jsonArrayRowCounter();
    const r = await timedRequest(
      `${ctx.base}/edc/study/extract-data`,
      {
        method: "POST",
        headers: { authorization: ctx.token, edc: schema, "content-type": "application/json" },
        body: JSON.stringify({ tableName: "cc_event_data" }),
      },
      { onChunk: (c) => counter.push(c) },
    );
    if (r.status !== 200) throw new Error(`extract-data ${schema}: ${r.status}`);
    return counter.rows;
  };
  await once();
  await new Promise((r) => setTimeout(r, 500));
  ctx.edcProxy.resetCounts();
  const rows = await once();
  await new Promise((r) => setTimeout(r, 500)); // COMMIT follows the response
  const { turns, connections } = ctx.edcProxy.counts();
  const bound = 3 + rows / ROWS_PER_TRIP;
  return { rows, turns, connections, onPath: turns - 1, bound, passed: turns - 1 <= bound };
}

async function apiCsvs(ctx, schema) {
  const chunks = [];
  const r = await onFreshWorkerd(ctx, "/edc/study/download-csvs-data", schema, {}, (c) => chunks.push(c));
  const entries = zipEntrySizes(Buffer.concat(chunks));
  return { ...r, entries: entries.length, csvBytes: entries.reduce((n, e) => n + e.uncompressed, 0) };
}

const memorySummary = (runs) => ({
  proxyDeltaKiB: median(runs.map((r) => r.proxyDeltaKiB)),
  idleKiB: median(runs.map((r) => r.idleKiB)),
  peakKiB: median(runs.map((r) => r.peakKiB)),
  deltaKiB: median(runs.map((r) => r.deltaKiB)),
  deltas: runs.map((r) => r.deltaKiB),
});

/** Pass/fail of "memory does not grow with the row count", from the medians of the first-run deltas. */
export function memoryVerdict(small, large) {
  if (!small || !large || !Number.isFinite(small.deltaKiB) || !Number.isFinite(large.deltaKiB)) return null;
  const limitKiB = Math.max(small.deltaKiB * MEMORY_GROWTH.factor, small.deltaKiB + MEMORY_GROWTH.slackKiB);
  return {
    smallKiB: small.deltaKiB,
    largeKiB: large.deltaKiB,
    limitKiB,
    growth: large.deltaKiB / small.deltaKiB,
    passed: large.deltaKiB <= limitKiB,
  };
}

/**
 * Verdicts of each pair of neighbouring sizes, smallest first. The last pair (the two largest sizes)
 * decides: a request of a few seconds ends before the Worker runtime's heap has grown to the size it
 * keeps under a steady allocation rate (RSS over a long request rises, then saw-tooths at a plateau as
 * the garbage collector runs), so only sizes long enough to reach that plateau show whether memory
 * follows the row count.
 */
function memoryVerdicts(sizes, route) {
  const pairs = [];
  for (let i = 1; i < sizes.length; i++) {
    const v = memoryVerdict(sizes[i - 1][route]?.memory, sizes[i][route]?.memory);
    pairs.push(v && { ...v, smallRows: sizes[i - 1].itemRows, largeRows: sizes[i].itemRows });
  }
  return { pairs, decisive: pairs.at(-1) ?? null };
}

/** Resolves true when something accepts TCP connections at host:port within 2 s. */
const answers = (host, port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.on("connect", () => done(true)).on("error", () => done(false));
    setTimeout(() => done(false), 2000);
  });

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
 * The EDC backend the stack does not run, when there is one: a PostgreSQL server at 127.0.0.1:5432 beside
 * a PGlite stack, or PGlite beside a server stack. Its bench schemas are generated when absent.
 */
async function otherBackend(ctx) {
  const onServer = Boolean(process.env.EDC_DATABASE_URL);
  if (!onServer && !(await answers("127.0.0.1", 5432))) return null;
  const edc = onServer
    ? await startEdc({ dataDir: `${ctx.dir}/pglite` })
    : await startEdc({ databaseUrl: "postgres://postgres:postgres@127.0.0.1:5432/trialedge_bench" });
  const generated = {};
  for (const [schema, rows] of Object.entries(ctx.scale.edc)) {
    const have = await itemRows(edc.url, schema);
    if (have >= rows * 0.99) {
      generated[schema] = { itemRows: have, generated: false };
      continue;
    }
    ctx.log(`EDC (${onServer ? "PGlite" : "server"}): generating ${schema} (${rows} item_data rows; ${have} there)`);
    const g = await generate({ url: edc.url, schema, itemRows: rows - have });
    generated[schema] = { itemRows: have + g.itemRows, generated: true, seconds: g.seconds };
  }
  return {
    name: onServer ? "PGlite (embedded, pglite-socket)" : "PostgreSQL 15 server (127.0.0.1:5432, trialedge_bench)",
    url: edc.url,
    edcData: generated,
    stop: () => edc.stop(),
  };
}

/** The EDC area on every backend there is: the stack's, then the other one (otherBackend). */
export async function runEdc(ctx) {
  const primaryName = process.env.EDC_DATABASE_URL ? "PostgreSQL (EDC_DATABASE_URL)" : "PGlite (embedded, pglite-socket)";
  const backends = [{ name: primaryName, ...(await runBackend(ctx, ctx.edcUrl, ctx.edcData)) }];
  const other = await otherBackend(ctx).catch((err) => {
    ctx.log(`EDC: the other backend could not be prepared: ${err.message}`);
    ctx.notes?.push(`edc: the other backend could not be prepared: ${String(err.message).split("\n")[0]}`);
    return null;
  });
  if (other) {
    ctx.log(`EDC: the same measurements on ${other.name}`);
    ctx.edcProxy.setTarget(other.url);
    try {
      backends.push({ name: other.name, ...(await runBackend(ctx, other.url, other.edcData)) });
    } finally {
      ctx.edcProxy.setTarget(null);
      await other.stop().catch(() => undefined);
    }
  }
  const flagged = backends.flatMap((b) => b.failures.map((f) => `${b.name}: ${f}`)).join("; ") || null;
  // The first backend's figures stay at the top level (RESULTS.md sections and verdicts.mjs read them there).
  return { ...backends[0], backends, flagged };
}

async function runBackend(ctx, psqlUrl, edcData) {
  const hasExtract = serves(ctx.routes, "POST", "/edc/study/extract-data");
  const hasCsvs = serves(ctx.routes, "POST", "/edc/study/download-csvs-data");
  const sizes = Object.entries(ctx.scale.edc).sort((a, b) => a[1] - b[1]);
  const out = { hasExtract, hasCsvs, sizes: [], memoryGrowth: MEMORY_GROWTH };
  for (const [schema, target] of sizes) {
    const itemRows = edcData?.[schema]?.itemRows ?? target;
    const runs = [];
    for (let i = 0; i < ctx.runs; i++) {
      const psql = await psqlCopy(psqlUrl, schema);
      const extract = hasExtract ? await apiExtract(ctx, schema) : null;
      const csvs = hasCsvs ? await apiCsvs(ctx, schema) : null;
      runs.push({ psql, extract, csvs });
      ctx.log(
        `  ${schema} run ${i + 1}: psql ${psql.rows} rows in ${Math.round(psql.ms)} ms` +
          (extract
            ? `; extract-data ${extract.rows} rows in ${Math.round(extract.ms)} ms, Worker RSS ${Math.round(extract.idleKiB / 1024)} → ${Math.round(extract.peakKiB / 1024)} MiB (proxy +${Math.round(extract.proxyDeltaKiB / 1024)})`
            : "") +
          (csvs
            ? `; download-csvs-data ${(csvs.csvBytes / MiB).toFixed(1)} MiB CSV in a ${Math.round(csvs.bytes / 1024)} KiB zip in ${Math.round(csvs.ms)} ms, Worker RSS ${Math.round(csvs.idleKiB / 1024)} → ${Math.round(csvs.peakKiB / 1024)} MiB (proxy +${Math.round(csvs.proxyDeltaKiB / 1024)})`
            : ""),
      );
    }
    const m = (f) => median(runs.map(f));
    out.sizes.push({
      schema,
      itemRows,
      viewRows: runs[0].psql.rows,
      psqlRowsPerS: m((r) => r.psql.rows / (r.psql.ms / 1000)),
      psqlMs: m((r) => r.psql.ms),
      extract: hasExtract
        ? {
            rows: runs[0].extract.rows,
            ms: m((r) => r.extract.ms),
            rowsPerS: m((r) => r.extract.rows / (r.extract.ms / 1000)),
            ratioToPsql: m((r) => r.extract.rows / r.extract.ms / (r.psql.rows / r.psql.ms)),
            mibPerS: m((r) => r.extract.bytes / MiB / (r.extract.ms / 1000)),
            bytes: runs[0].extract.bytes,
            memory: memorySummary(runs.map((r) => r.extract)),
          }
        : null,
      csvs: hasCsvs
        ? {
            ms: m((r) => r.csvs.ms),
            itemRowsPerS: m((r) => itemRows / (r.csvs.ms / 1000)),
            viewRowsPerS: m((r) => r.psql.rows / (r.csvs.ms / 1000)),
            ratioToPsql: m((r) => r.psql.ms / r.csvs.ms),
            zipBytes: runs[0].csvs.bytes,
            csvBytes: runs[0].csvs.csvBytes,
            entries: runs[0].csvs.entries,
            csvMiBPerS: m((r) => r.csvs.csvBytes / MiB / (r.csvs.ms / 1000)),
            memory: memorySummary(runs.map((r) => r.csvs)),
          }
        : null,
      trips: hasExtract ? await roundTrips(ctx, schema) : null,
      runs,
    });
  }
  // One verdict per pair of neighbouring sizes; the pair of the two largest decides (see memoryVerdicts).
  if (out.sizes.length >= 2)
    out.verdicts = {
      extract: hasExtract ? memoryVerdicts(out.sizes, "extract") : null,
      csvs: hasCsvs ? memoryVerdicts(out.sizes, "csvs") : null,
    };
  out.failures = [];
  if (hasExtract) {
    const nearest = [...out.sizes].sort((a, b) => Math.abs(Math.log(a.itemRows / 1e6)) - Math.abs(Math.log(b.itemRows / 1e6)))[0];
    out.throughput = {
      schema: nearest.schema,
      itemRows: nearest.itemRows,
      ratio: nearest.extract.ratioToPsql,
      min: MIN_RATIO_TO_PSQL,
      passed: nearest.extract.ratioToPsql >= MIN_RATIO_TO_PSQL,
    };
    if (!out.throughput.passed)
      out.failures.push(
        `extract-data JSON ${nearest.extract.ratioToPsql.toFixed(2)}× psql at ${nearest.itemRows} item_data rows (< ${MIN_RATIO_TO_PSQL}×)`,
      );
    for (const s of out.sizes)
      if (s.trips && !s.trips.passed)
        out.failures.push(`extract-data of ${s.trips.rows} rows: ${s.trips.onPath} round trips > ${s.trips.bound.toFixed(1)}`);
  }
  for (const route of ["extract", "csvs"]) {
    const d = out.verdicts?.[route]?.decisive;
    if (d && !d.passed)
      out.failures.push(`${route} memory grew from ${Math.round(d.smallKiB / 1024)} to ${Math.round(d.largeKiB / 1024)} MiB with the rows`);
  }
  return out;
}

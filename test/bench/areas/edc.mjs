// EDC extracts at two sizes (schemas cc_bench_*): POST /edc/study/extract-data of cc_event_data (JSON) and
// POST /edc/study/download-csvs-data (zip of CSVs), against psql's \copy of the same rows as JSON from the
// same database in the same run.
//
// Memory: every API request runs on a freshly started workerd (ctx.restart()), because a process's RSS
// does not shrink after earlier work: its idle RSS is read first, then VmRSS of wrangler's workerd processes
// is sampled every 100 ms during the request. Reported per request: the Worker runtime's first-run peak and
// its delta above that idle RSS; wrangler's proxy workerd (which keeps what it forwards) apart.
import { spawn } from "node:child_process";
import { jsonArrayRowCounter, timedRequest } from "../lib/http.mjs";
import { firstRunMemory, idleRss, sampleRss, workerdRoles } from "../lib/rss.mjs";
import { median } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";
import { zipEntrySizes } from "../lib/zip-size.mjs";

const MiB = 1024 * 1024;
/** The memory verdict: the larger size's delta may exceed the smaller size's by 50%, or by 16 MiB, at most. */
export const MEMORY_GROWTH = { factor: 1.5, slackKiB: 16 * 1024 };

/** psql \copy (select row_to_json(t) …) to stdout: rows, bytes, ms. */
function psqlCopy(url, schema) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy (select row_to_json(t) from "${schema}".cc_event_data t) to stdout`], {
      env: { ...process.env, PGSSLMODE: "disable" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let bytes = 0;
    let rows = 0;
    let err = "";
    p.stdout.on("data", (b) => {
      bytes += b.length;
      for (let i = 0; i < b.length; i++) if (b[i] === 10) rows++;
    });
    p.stderr.on("data", (b) => (err += b));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve({ rows, bytes, ms: performance.now() - t0 }) : reject(new Error(`psql exited ${code}: ${err}`))));
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
  return { smallKiB: small.deltaKiB, largeKiB: large.deltaKiB, limitKiB, growth: large.deltaKiB / small.deltaKiB, passed: large.deltaKiB <= limitKiB };
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

export async function runEdc(ctx) {
  const hasExtract = serves(ctx.routes, "POST", "/edc/study/extract-data");
  const hasCsvs = serves(ctx.routes, "POST", "/edc/study/download-csvs-data");
  const sizes = Object.entries(ctx.scale.edc).sort((a, b) => a[1] - b[1]);
  const out = { hasExtract, hasCsvs, sizes: [], memoryGrowth: MEMORY_GROWTH };
  for (const [schema, target] of sizes) {
    const itemRows = ctx.edcData?.[schema]?.itemRows ?? target;
    const runs = [];
    for (let i = 0; i < ctx.runs; i++) {
      const psql = await psqlCopy(ctx.edcUrl, schema);
      const extract = hasExtract ? await apiExtract(ctx, schema) : null;
      const csvs = hasCsvs ? await apiCsvs(ctx, schema) : null;
      runs.push({ psql, extract, csvs });
      ctx.log(`  ${schema} run ${i + 1}: psql ${psql.rows} rows in ${Math.round(psql.ms)} ms` +
        (extract ? `; extract-data ${extract.rows} rows in ${Math.round(extract.ms)} ms, Worker RSS ${Math.round(extract.idleKiB / 1024)} → ${Math.round(extract.peakKiB / 1024)} MiB (proxy +${Math.round(extract.proxyDeltaKiB / 1024)})` : "") +
        (csvs ? `; download-csvs-data ${(csvs.csvBytes / MiB).toFixed(1)} MiB CSV in a ${Math.round(csvs.bytes / 1024)} KiB zip in ${Math.round(csvs.ms)} ms, Worker RSS ${Math.round(csvs.idleKiB / 1024)} → ${Math.round(csvs.peakKiB / 1024)} MiB (proxy +${Math.round(csvs.proxyDeltaKiB / 1024)})` : ""));
    }
    const m = (f) => median(runs.map(f));
    out.sizes.push({
      schema,
      itemRows,
      viewRows: runs[0].psql.rows,
      psqlRowsPerS: m((r) => r.psql.rows / (r.psql.ms / 1000)),
      psqlMs: m((r) => r.psql.ms),
      extract: hasExtract ? {
        rows: runs[0].extract.rows,
        ms: m((r) => r.extract.ms),
        rowsPerS: m((r) => r.extract.rows / (r.extract.ms / 1000)),
        ratioToPsql: m((r) => (r.extract.rows / r.extract.ms) / (r.psql.rows / r.psql.ms)),
        mibPerS: m((r) => r.extract.bytes / MiB / (r.extract.ms / 1000)),
        bytes: runs[0].extract.bytes,
        memory: memorySummary(runs.map((r) => r.extract)),
      } : null,
      csvs: hasCsvs ? {
        ms: m((r) => r.csvs.ms),
        itemRowsPerS: m((r) => itemRows / (r.csvs.ms / 1000)),
        viewRowsPerS: m((r) => r.psql.rows / (r.csvs.ms / 1000)),
        ratioToPsql: m((r) => r.psql.ms / r.csvs.ms),
        zipBytes: runs[0].csvs.bytes,
        csvBytes: runs[0].csvs.csvBytes,
        entries: runs[0].csvs.entries,
        csvMiBPerS: m((r) => r.csvs.csvBytes / MiB / (r.csvs.ms / 1000)),
        memory: memorySummary(runs.map((r) => r.csvs)),
      } : null,
      runs,
    });
  }
  // One verdict per pair of neighbouring sizes; the pair of the two largest decides (see memoryVerdicts).
  if (out.sizes.length >= 2) out.verdicts = { extract: hasExtract ? memoryVerdicts(out.sizes, "extract") : null, csvs: hasCsvs ? memoryVerdicts(out.sizes, "csvs") : null };
  return out;
}

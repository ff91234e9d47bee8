// EDC extracts at two sizes (schemas cc_bench_*): POST /edc/study/extract-data of cc_event_data (JSON) and
// POST /edc/study/download-csvs-data (zip of CSVs), against psql's \copy of the same rows as JSON from the
// same database in the same run; peak RSS of wrangler's workerd processes sampled every 100 ms.
import { spawn } from "node:child_process";
import { jsonArrayRowCounter, timedRequest } from "../lib/http.mjs";
import { sampleRss, workerdRss } from "../lib/rss.mjs";
import { median } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";

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
    p.on("exit", (code) => (code === 0 ? resolve({ rows, bytes, ms: performance.now() - t0 }) : reject(new Error(`psql exited ${code}: ${err}`))));
  });
}

async function apiExtract(ctx, schema) {
  const counter = jsonArrayRowCounter();
  const rss = sampleRss(ctx.wranglerPid, 100);
  const r = await timedRequest(
    `${ctx.base}/edc/study/extract-data`,
    { method: "POST", headers: { authorization: ctx.token, edc: schema, "content-type": "application/json" }, body: JSON.stringify({ tableName: "cc_event_data" }) },
    { onChunk: (c) => counter.push(c) },
  );
  const mem = rss.stop();
  if (r.status !== 200) throw new Error(`extract-data ${schema}: ${r.status}`);
  return { rows: counter.rows, bytes: r.bytes, ms: r.ms, ttfbMs: r.ttfbMs, ...mem };
}

async function apiCsvs(ctx, schema) {
  const rss = sampleRss(ctx.wranglerPid, 100);
  const r = await timedRequest(`${ctx.base}/edc/study/download-csvs-data`, {
    method: "POST",
    headers: { authorization: ctx.token, edc: schema, "content-type": "application/json" },
    body: "{}",
  });
  const mem = rss.stop();
  if (r.status !== 200) throw new Error(`download-csvs-data ${schema}: ${r.status}`);
  return { bytes: r.bytes, ms: r.ms, ttfbMs: r.ttfbMs, contentType: r.headers.get("content-type"), ...mem };
}

export async function runEdc(ctx) {
  const hasExtract = serves(ctx.routes, "POST", "/edc/study/extract-data");
  const hasCsvs = serves(ctx.routes, "POST", "/edc/study/download-csvs-data");
  const sizes = Object.entries(ctx.scale.edc).sort((a, b) => a[1] - b[1]);
  const out = { hasExtract, hasCsvs, sizes: [] };
  for (const [schema, target] of sizes) {
    const itemRows = ctx.edcData?.[schema]?.itemRows ?? target;
    await ctx.restart(); // a fresh workerd per size: RSS is comparable across sizes
    const idleKiB = Math.max(...workerdRss(ctx.wranglerPid).map((p) => p.kib));
    const runs = [];
    for (let i = 0; i < ctx.runs; i++) {
      const psql = await psqlCopy(ctx.edcUrl, schema);
      const extract = hasExtract ? await apiExtract(ctx, schema) : null;
      const csvs = hasCsvs ? await apiCsvs(ctx, schema) : null;
      runs.push({ psql, extract, csvs });
      ctx.log(`  ${schema} run ${i + 1}: psql ${psql.rows} rows in ${Math.round(psql.ms)} ms` +
        (extract ? `; extract-data ${extract.rows} rows in ${Math.round(extract.ms)} ms, peak RSS ${Math.round(extract.peakKiB / 1024)} MiB` : "") +
        (csvs ? `; download-csvs-data ${Math.round(csvs.bytes / 1024)} KiB zip in ${Math.round(csvs.ms)} ms, peak RSS ${Math.round(csvs.peakKiB / 1024)} MiB` : ""));
    }
    const m = (f) => median(runs.map(f));
    out.sizes.push({
      schema,
      itemRows,
      idleKiB,
      viewRows: runs[0].psql.rows,
      psqlRowsPerS: m((r) => r.psql.rows / (r.psql.ms / 1000)),
      psqlMs: m((r) => r.psql.ms),
      extract: hasExtract ? {
        rows: runs[0].extract.rows,
        ms: m((r) => r.extract.ms),
        rowsPerS: m((r) => r.extract.rows / (r.extract.ms / 1000)),
        ratioToPsql: m((r) => (r.extract.rows / r.extract.ms) / (r.psql.rows / r.psql.ms)),
        mibPerS: m((r) => r.extract.bytes / 1024 / 1024 / (r.extract.ms / 1000)),
        peakKiB: Math.max(...runs.map((r) => r.extract.peakKiB)),
        peakSumKiB: Math.max(...runs.map((r) => r.extract.peakSumKiB)),
        bytes: runs[0].extract.bytes,
      } : null,
      csvs: hasCsvs ? {
        ms: m((r) => r.csvs.ms),
        itemRowsPerS: m((r) => itemRows / (r.csvs.ms / 1000)),
        viewRowsPerS: m((r) => r.psql.rows / (r.csvs.ms / 1000)),
        ratioToPsql: m((r) => (r.psql.rows / r.csvs.ms) / (r.psql.rows / r.psql.ms)),
        zipBytes: runs[0].csvs.bytes,
        peakKiB: Math.max(...runs.map((r) => r.csvs.peakKiB)),
        peakSumKiB: Math.max(...runs.map((r) => r.csvs.peakSumKiB)),
      } : null,
      runs,
    });
  }
  return out;
}

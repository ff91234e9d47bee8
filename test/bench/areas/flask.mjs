// Flask over D1 bulk data (scripts/bench/d1-bulk.ts: device logs of the Demo Study):
// - extract-data-to-json of device_logs at two sizes (a tenth of the bench logs, and all of them), each run on a
//   freshly started workerd, reporting rows/s and the Worker runtime's RSS above idle, so that growth with the row
//   count can be judged (wrangler's proxy workerd is reported apart: it keeps what it forwards, see below);
// - a get-logs page of 100 deep into the table (by its keyset cursor, found by walking the Next-Cursor headers from the start)
//   vs the first page, as a ratio with a verdict.
import { jsonArrayRowCounter, timedRequest } from "../lib/http.mjs";
import { interleavedLatency } from "../lib/latency.mjs";
import { sampleRss, workerdRoles, workerdRss } from "../lib/rss.mjs";
import { fmt, median, table } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";

const STUDY = 101;
/** get-logs deep page vs first page: "the same latency" within this ratio. */
const MAX_DEEP_RATIO = 1.25;
/** extract memory: RSS above idle at 10× the rows may be at most this many times that at 1× (it would be ~10× if it followed the rows). */
const MAX_MEMORY_GROWTH = 3;

/**
 * The date range holding the first `n` bench logs and nothing else: scripts/bench/d1-bulk.ts gives bench log i
 * (1-based) date_created = 2025-01-01T00:00:00Z + 13·i + 5 s; the demo seed's logs are in 2026.
 */
const firstBenchLogs = (n) => ({
  fromDate: "2025-01-01T00:00:00.000Z",
  toDate: new Date(Date.UTC(2025, 0, 1) + (13 * n + 5) * 1000).toISOString(),
});

async function extract(ctx, body) {
  const counter = jsonArrayRowCounter();
  const rss = sampleRss(ctx.wranglerPid, 100);
  const r = await timedRequest(
    `${ctx.base}/flask/customer/extract-data-to-json`,
    { method: "POST", headers: { authorization: ctx.token, "content-type": "application/json" }, body: JSON.stringify(body) },
    { onChunk: (c) => counter.push(c) },
  );
  const mem = rss.stop();
  if (r.status !== 200) throw new Error(`extract-data-to-json: ${r.status}`);
  // {pid: peak KiB} of each workerd
  return { rows: counter.rows, bytes: r.bytes, ms: r.ms, peakByPid: mem.peaks };
}

/** `runs` extracts of the first `n` bench logs, each on a fresh workerd: medians of rows/s and of RSS above idle. */
async function extractAtSize(ctx, n) {
  const body = { tableName: "device_logs", ...firstBenchLogs(n) };
  const runs = [];
  for (let i = 0; i < ctx.runs; i++) {
    await ctx.restart(); // a fresh workerd: RSS never shrinks after earlier work in the same process
    const { runtime, proxy } = workerdRoles(ctx.wranglerPid, new URL(ctx.base).port);
    const idle = Object.fromEntries(workerdRss(ctx.wranglerPid).map((p) => [p.pid, p.kib]));
    const r = await extract(ctx, body);
    const run = {
      rows: r.rows,
      bytes: r.bytes,
      ms: r.ms,
      runtimeIdleKiB: idle[runtime],
      runtimePeakKiB: r.peakByPid[runtime] ?? idle[runtime],
      proxyIdleKiB: proxy ? idle[proxy] : null,
      proxyPeakKiB: proxy ? (r.peakByPid[proxy] ?? idle[proxy]) : null,
    };
    run.runtimeDeltaKiB = run.runtimePeakKiB - run.runtimeIdleKiB;
    run.proxyDeltaKiB = proxy ? run.proxyPeakKiB - run.proxyIdleKiB : null;
    runs.push(run);
    ctx.log(
      `  extract-data-to-json device_logs, ${fmt(r.rows)} rows, run ${i + 1}: ${Math.round(r.ms)} ms, Worker runtime RSS ` +
        `${Math.round(run.runtimeIdleKiB / 1024)} → ${Math.round(run.runtimePeakKiB / 1024)} MiB, proxy +${fmt((run.proxyDeltaKiB ?? NaN) / 1024)} MiB`,
    );
  }
  const rows = runs[0].rows;
  if (runs.some((r) => r.rows !== rows))
    throw new Error(`extract-data-to-json answered ${runs.map((r) => r.rows).join(", ")} rows for the same request`);
  return {
    requested: n,
    rows,
    bytes: runs[0].bytes,
    ms: median(runs.map((r) => r.ms)),
    rowsPerS: median(runs.map((r) => r.rows / (r.ms / 1000))),
    runtimeIdleKiB: median(runs.map((r) => r.runtimeIdleKiB)),
    runtimeDeltaKiB: median(runs.map((r) => r.runtimeDeltaKiB)),
    proxyDeltaKiB: median(runs.map((r) => r.proxyDeltaKiB)),
    runs,
  };
}

const getLogs = (ctx, body) => [
  `${ctx.base}/flask/device/get-logs`,
  {
    method: "POST",
    headers: { authorization: ctx.token, "content-type": "application/json" },
    body: JSON.stringify({ study_id: STUDY, ...body }),
  },
];

/** Walks the Next-Cursor headers with pages of 1000 until `position` rows are behind; returns the cursor there. */
async function cursorAt(ctx, position) {
  let cursor;
  let seen = 0;
  for (let page = 0; page < 1000 && seen < position; page++) {
    const [url, init] = getLogs(ctx, { limit: Math.min(1000, position - seen), ...(cursor ? { cursor } : {}) });
    const res = await fetch(url, init);
    if (res.status !== 200) throw new Error(`get-logs walk: ${res.status} ${await res.text()}`);
    seen += (await res.json()).length;
    const next = res.headers.get("next-cursor");
    if (!next) break;
    cursor = next;
  }
  return { cursor, seen };
}

const mibOf = (kib) => fmt(kib / 1024, 1);
const verdict = (ok) => (ok ? "**pass**" : "**FAIL**");

export async function runFlask(ctx) {
  const hasExtract = serves(ctx.routes, "POST", "/flask/customer/extract-data-to-json");
  const hasLogs = serves(ctx.routes, "POST", "/flask/device/get-logs");
  if (!hasExtract && !hasLogs) return { skipped: "the /flask routes were not served when this ran" };
  const total = ctx.seed?.["device-logs"] ? ctx.seed["device-logs"].had + ctx.seed["device-logs"].added : ctx.scale.deviceLogs;
  const out = { deviceLogs: total };
  const rows = [];
  const notes = [];
  if (hasExtract) {
    const sizes = [Math.round(total / 10), total];
    out.extract = [];
    for (const n of sizes) out.extract.push(await extractAtSize(ctx, n));
    const [small, large] = out.extract;
    for (const s of out.extract) {
      rows.push([
        `POST /flask/customer/extract-data-to-json \`device_logs\`, first ${fmt(s.requested)} bench logs (fromDate/toDate)`,
        `${fmt(s.rows)} rows, ${fmt(s.bytes / 1024 / 1024, 1)} MiB`,
        `${fmt(s.rowsPerS)} rows/s (${fmt(s.ms)} ms)`,
        `Worker runtime: idle ${mibOf(s.runtimeIdleKiB)} MiB, **+${mibOf(s.runtimeDeltaKiB)} MiB** at peak; wrangler proxy +${mibOf(s.proxyDeltaKiB)} MiB`,
      ]);
    }
    const growth = large.runtimeDeltaKiB / Math.max(small.runtimeDeltaKiB, 1024);
    out.memory = { rowsRatio: large.rows / small.rows, growth, pass: growth <= MAX_MEMORY_GROWTH };
    rows.push([
      `extract memory: ${fmt(out.memory.rowsRatio, 1)}× the rows`,
      "",
      `Worker runtime RSS above idle ×${fmt(growth, 2)} (pass: ≤ ${MAX_MEMORY_GROWTH}×)`,
      verdict(out.memory.pass),
    ]);
    notes.push(
      `extract-data-to-json: each size ${ctx.runs} times, each run on a freshly started workerd (idle = its RSS before the request); medians. ` +
        "RSS is that of the Worker runtime workerd; wrangler dev's proxy workerd, which every response passes through, is shown apart: it keeps what it forwards " +
        '(about 2–3 bytes per response byte, never returned), which is what the single "larger workerd" peak of earlier runs measured. ' +
        "Both sizes read the same way: keyset pages of 500 by (date_created, id) on device_logs_customer_created.",
    );
  }
  if (hasLogs) {
    const position = Math.round((total * 190) / 200);
    const t0 = performance.now();
    const { cursor, seen } = await cursorAt(ctx, position);
    ctx.log(`  get-logs: cursor at position ${seen} found in ${Math.round(performance.now() - t0)} ms (pages of 1000)`);
    const lat = await interleavedLatency(
      {
        first: () => getLogs(ctx, { limit: 100 }),
        deep: () => getLogs(ctx, { limit: 100, cursor }),
      },
      { n: 10 * ctx.runs },
    );
    const ratio = lat.deep.median / lat.first.median;
    out.getLogs = { position: seen, first: lat.first, deep: lat.deep, ratio, pass: ratio <= MAX_DEEP_RATIO };
    ctx.log(
      `  get-logs page of 100: first ${lat.first.median.toFixed(1)} ms, at ${seen} ${lat.deep.median.toFixed(1)} ms (${ratio.toFixed(2)}×)`,
    );
    rows.push([
      `POST /flask/device/get-logs, page of 100 at position ${fmt(seen)} (cursor) vs position 0`,
      `${fmt(total)} bench logs in the study`,
      `median ${fmt(lat.deep.median, 1)} ms vs ${fmt(lat.first.median, 1)} ms: **${fmt(ratio, 2)}×** (p95 ${fmt(lat.deep.p95, 1)} vs ${fmt(lat.first.p95, 1)} ms; pass: ≤ ${MAX_DEEP_RATIO}×)`,
      verdict(out.getLogs.pass),
    ]);
    notes.push(
      `get-logs: ${10 * ctx.runs} sequential requests of each page, alternating, after finding the deep cursor by walking the \`Next-Cursor\` headers with pages of 1000 from the start.`,
    );
  }
  out.markdown = `${table(["Measurement", "Data", "Result", "workerd RSS / verdict"], rows)}\n\n${notes.join(" ")}`;
  return out;
}

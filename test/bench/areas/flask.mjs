// Flask over D1 bulk data (scripts/bench/d1-bulk.ts: device logs of the Demo Study): extract-data-to-json of
// device_logs (rows/s, workerd peak RSS) and a get-logs page of 100 deep into the table (by its keyset cursor,
// found by walking next_cursor from the start) vs the first page.
import { jsonArrayRowCounter, timedRequest } from "../lib/http.mjs";
import { interleavedLatency } from "../lib/latency.mjs";
import { sampleRss, workerdRss } from "../lib/rss.mjs";
import { fmt, median, table } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";

const STUDY = 101;

async function extract(ctx) {
  const counter = jsonArrayRowCounter();
  const rss = sampleRss(ctx.wranglerPid, 100);
  const r = await timedRequest(
    `${ctx.base}/flask/customer/extract-data-to-json`,
    { method: "POST", headers: { authorization: ctx.token, "content-type": "application/json" }, body: JSON.stringify({ tableName: "device_logs" }) },
    { onChunk: (c) => counter.push(c) },
  );
  const mem = rss.stop();
  if (r.status !== 200) throw new Error(`extract-data-to-json: ${r.status}`);
  return { rows: counter.rows, bytes: r.bytes, ms: r.ms, ...mem };
}

const getLogs = (ctx, body) => [
  `${ctx.base}/flask/device/get-logs`,
  { method: "POST", headers: { authorization: ctx.token, "content-type": "application/json" }, body: JSON.stringify({ study_id: STUDY, ...body }) },
];

/** Walks next_cursor with pages of 1000 until `position` rows are behind; returns the cursor there. */
async function cursorAt(ctx, position) {
  let cursor;
  let seen = 0;
  for (let page = 0; page < 1000 && seen < position; page++) {
    const [url, init] = getLogs(ctx, { limit: Math.min(1000, position - seen), ...(cursor ? { cursor } : {}) });
    const res = await fetch(url, init);
    if (res.status !== 200) throw new Error(`get-logs walk: ${res.status} ${await res.text()}`);
    const body = await res.json();
    seen += body.logs.length;
    if (!body.next_cursor) break;
    cursor = body.next_cursor;
  }
  return { cursor, seen };
}

export async function runFlask(ctx) {
  const hasExtract = serves(ctx.routes, "POST", "/flask/customer/extract-data-to-json");
  const hasLogs = serves(ctx.routes, "POST", "/flask/device/get-logs");
  if (!hasExtract && !hasLogs) return { skipped: "the /flask routes were not served when this ran" };
  const out = { deviceLogs: ctx.seed?.["device-logs"] ?? null };
  const rows = [];
  if (hasExtract) {
    await ctx.restart(); // a fresh workerd, so its RSS shows what this extract needs
    const idleKiB = Math.max(...workerdRss(ctx.wranglerPid).map((p) => p.kib));
    const runs = [];
    for (let i = 0; i < ctx.runs; i++) {
      const r = await extract(ctx);
      runs.push(r);
      ctx.log(`  extract-data-to-json device_logs run ${i + 1}: ${r.rows} rows in ${Math.round(r.ms)} ms, peak RSS ${Math.round(r.peakKiB / 1024)} MiB`);
    }
    out.extract = { rows: runs[0].rows, bytes: runs[0].bytes, ms: median(runs.map((r) => r.ms)), rowsPerS: median(runs.map((r) => r.rows / (r.ms / 1000))), idleKiB, peakKiB: Math.max(...runs.map((r) => r.peakKiB)) };
    rows.push(["POST /flask/customer/extract-data-to-json `device_logs` (JSON array)", `${fmt(out.extract.rows)} rows, ${fmt(out.extract.bytes / 1024 / 1024, 1)} MiB`,
      `${fmt(out.extract.rowsPerS)} rows/s (${fmt(out.extract.ms)} ms)`, `idle ${fmt(idleKiB / 1024)} MiB → peak ${fmt(out.extract.peakKiB / 1024)} MiB`]);
  }
  if (hasLogs) {
    const position = Math.round((ctx.scale.deviceLogs * 190) / 200);
    const t0 = performance.now();
    const { cursor, seen } = await cursorAt(ctx, position);
    ctx.log(`  get-logs: cursor at position ${seen} found in ${Math.round(performance.now() - t0)} ms (pages of 1000)`);
    const lat = await interleavedLatency({
      first: () => getLogs(ctx, { limit: 100 }),
      deep: () => getLogs(ctx, { limit: 100, cursor }),
    }, { n: 10 * ctx.runs });
    out.getLogs = { position: seen, first: lat.first, deep: lat.deep, ratio: lat.deep.median / lat.first.median };
    ctx.log(`  get-logs page of 100: first ${lat.first.median.toFixed(1)} ms, at ${seen} ${lat.deep.median.toFixed(1)} ms`);
    rows.push([`POST /flask/device/get-logs, page of 100 at position ${fmt(seen)} (cursor) vs position 0`, `${fmt(ctx.scale.deviceLogs)} bench logs in the study`,
      `median ${fmt(lat.deep.median, 1)} ms vs ${fmt(lat.first.median, 1)} ms: **${fmt(out.getLogs.ratio, 2)}×** (p95 ${fmt(lat.deep.p95, 1)} vs ${fmt(lat.first.p95, 1)} ms)`, ""]);
  }
  out.markdown = table(["Measurement", "Data", "Result", "workerd RSS"], rows) +
    `\n\nextract-data-to-json: median of ${ctx.runs} runs, the whole response read as a stream and its rows counted. get-logs: ${10 * ctx.runs} sequential requests ` +
    "of each page, alternating, after finding the deep cursor by walking `next_cursor` with pages of 1000 from the start.";
  return out;
}

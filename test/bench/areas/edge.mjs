// The edge area: what a request waits on when D1, Durable Objects, R2 and the EDC are far away.
// The stack runs test/bench/edge/entry.ts (the real Worker with its D1, DO and R2 bindings delayed per call
// by `x-bench-delay-ms` and counted in `x-bench-calls`) and reaches the EDC through a TCP delay proxy.
//   1. every documented operation at 0 ms and at DELAY_MS per far call: far trips in sequence
//      = (median latency at DELAY_MS − median at 0) / DELAY_MS, beside the calls it made;
//   2. one tenant's stored writes/s with 64 concurrent insert-log clients at 0 and DELAY_MS;
//   3. EDC round trips of one extract-data (JSON) through the proxy, against 3 + rows/20,000.
// (The far-trip figure is the median of the pairs' differences, each pair run back to back.)
// Verdicts (issue 10): reads ≤ 1 far trip, writes ≤ 2, tenant writes at DELAY_MS ≥ 0.8× those at 0 and ≥ 100/s,
// EDC round trips ≤ 3 + rows/20,000. A far-trip figure carries the machine's jitter divided by DELAY_MS, so a
// verdict allows TOLERANCE trips above its bound.
import { jsonArrayRowCounter, timedRequest } from "../lib/http.mjs";
import { loadTest } from "../lib/load.mjs";
import { median } from "../lib/stats.mjs";
import { operationCatalog, setupFixtures } from "../operations/index.mjs";

export const DELAY_MS = Number(process.env.BENCH_EDGE_DELAY_MS ?? 50);
const SAMPLES = Math.max(3, Number(process.env.BENCH_EDGE_SAMPLES ?? 5));
const TOLERANCE = 0.3;
const WRITERS = 64;

/** read | write | export: zips are built into R2 by a multipart upload (create, parts, complete), never one trip. */
export function operationKind(op) {
  const [method, path] = op.split(" ");
  if (["PUT", "PATCH", "DELETE"].includes(method)) return "write";
  if (method !== "POST") return "read";
  if (/to-CSV|to-csvs|download-csvs-data|download-billing-reports/.test(path)) return "export";
  if (/extract|get-|verify-chain|subject-studies|\/self$/.test(path)) return "read";
  return "write";
}

const parseCalls = (h) =>
  Object.fromEntries(
    (h ?? "")
      .split(";")
      .filter(Boolean)
      .map((kv) => kv.split("="))
      .map(([k, v]) => [k, Number(v)]),
  );

async function timed(ctx, entry, delayMs) {
  const req = await entry.request();
  const r = await timedRequest(`${ctx.base}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, "x-bench-delay-ms": String(delayMs) },
    body: req.body,
  });
  return { ...r, calls: parseCalls(r.headers.get("x-bench-calls")) };
}

async function perOperation(ctx, fx) {
  const catalog = operationCatalog(fx);
  const rows = [];
  for (const op of [...ctx.routes].sort()) {
    const entry = catalog.get(op);
    if (!entry) {
      rows.push({ op, kind: operationKind(op), measured: false, reason: "no entry in test/bench/operations" });
      continue;
    }
    const expect = [entry.expect ?? 200].flat();
    const at0 = [];
    const atD = [];
    let calls = null;
    let failed = null;
    for (let i = 0; i < SAMPLES + 1 && !failed; i++) {
      let a;
      let b;
      try {
        a = await timed(ctx, entry, 0);
        b = await timed(ctx, entry, DELAY_MS);
      } catch (err) {
        failed = `its request could not be made: ${String(err.message ?? err)
          .split("\n")[0]
          .slice(0, 200)}`;
        break;
      }
      if (!expect.includes(a.status) || !expect.includes(b.status))
        failed = `answered ${a.status}/${b.status}, expected ${expect.join(" or ")}`;
      if (i === 0) continue; // warm-up pair
      at0.push(a.ms);
      atD.push(b.ms);
      calls = b.calls;
    }
    if (failed) {
      rows.push({ op, kind: operationKind(op), measured: false, reason: failed });
      continue;
    }
    // the median of the pairs' differences: each pair runs back to back, so the machine's drift between pairs cancels
    const trips = median(atD.map((ms, i) => ms - at0[i])) / DELAY_MS;
    const kind = operationKind(op);
    const bound = kind === "read" ? 1 : kind === "write" ? 2 : null;
    rows.push({
      op,
      kind,
      measured: true,
      ms0: median(at0),
      msDelayed: median(atD),
      trips,
      calls,
      bound,
      passed: bound === null ? null : trips <= bound + TOLERANCE,
    });
  }
  return rows;
}

/**
 * One tenant's stored writes/s: WRITERS concurrent insert-log clients for `seconds`, each run under its own
 * device id. Afterwards get-logs counts that device's stored rows: every acknowledged (201) write must be
 * among them (a request cut off by the end of the run may be stored unacknowledged, never the reverse).
 */
async function writesPerSecond(ctx, fx, delayMs, seconds) {
  const entry = operationCatalog(fx).get("POST /flask/device/insert-log");
  const req = await entry.request();
  const deviceId = `BENCH-W${delayMs}-${Date.now()}`;
  const body = JSON.stringify({ ...JSON.parse(req.body), deviceId });
  const r = await loadTest(
    {
      url: `${ctx.base}${req.path}`,
      method: "POST",
      headers: { ...req.headers, "x-bench-delay-ms": String(delayMs) },
      body,
      connections: WRITERS,
      duration: seconds,
      timeout: 30,
    },
    { timeoutMs: (seconds + 60) * 1000 },
  );
  const stored = r.statusCodeStats?.["201"]?.count ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 2000)); // writes still in flight when the clients stopped
  const rows = await countLogs(ctx, req.headers.authorization, deviceId);
  return {
    delayMs,
    seconds,
    requests: r.total,
    stored,
    rowsStored: rows,
    perSecond: stored / seconds,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p99: r.p99,
    noneLost: rows >= stored,
  };
}

/** Stored device logs of one device of the demo study (101), through get-logs' keyset pages. */
async function countLogs(ctx, token, deviceId) {
  let n = 0;
  let cursor;
  for (;;) {
    const res = await fetch(`${ctx.base}/flask/device/get-logs`, {
      method: "POST",
      headers: { authorization: token, "content-type": "application/json" },
      body: JSON.stringify({ study_id: 101, deviceId, limit: 1000, ...(cursor ? { cursor } : {}) }),
    });
    if (res.status !== 200) throw new Error(`get-logs: ${res.status}`);
    n += (await res.json()).length;
    cursor = res.headers.get("next-cursor");
    if (!cursor) return n;
  }
}

/** The demo customer's audit chain, its sealer first asked to seal everything stored so far. */
const verifyChain = (ctx, fx) =>
  fetch(`${ctx.base}/flask/audit/verify-chain`, {
    method: "POST",
    headers: { authorization: fx.adminToken, "content-type": "application/json" },
    body: JSON.stringify({ seal: true }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

async function edcRoundTrips(ctx, schema) {
  const extract = async (delayMs) => {
    ctx.edcProxy.setDelay(delayMs);
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
    return { ms: r.ms, rows: counter.rows };
  };
  try {
    await extract(0); // warm the connection pool and the catalog
    const at0 = [];
    const atD = [];
    let rows = 0;
    for (let i = 0; i < SAMPLES; i++) {
      at0.push((await extract(0)).ms);
      const d = await extract(DELAY_MS);
      atD.push(d.ms);
      rows = d.rows;
    }
    const trips = (median(atD) - median(at0)) / DELAY_MS;
    const bound = 3 + rows / 20_000;
    return { schema, rows, ms0: median(at0), msDelayed: median(atD), trips, bound, passed: trips <= bound + TOLERANCE };
  } finally {
    ctx.edcProxy.setDelay(0);
  }
}

export async function runEdge(ctx, { billingMonth }) {
  const fx = await setupFixtures(ctx, { billingMonth });
  const operations = await perOperation(ctx, fx);
  const seconds = ctx.scale.loadSeconds * 2;
  const chainBefore = await verifyChain(ctx, fx);
  const w0 = await writesPerSecond(ctx, fx, 0, seconds);
  const wD = await writesPerSecond(ctx, fx, DELAY_MS, seconds);
  const chain = await verifyChain(ctx, fx);
  // Every stored row of both runs is in the verified chain: all sealed, and the chain grew by at least as many rows.
  const chained =
    chain.status === 200 &&
    chainBefore.status === 200 &&
    chain.body.ok === true &&
    chain.body.unsealed === 0 &&
    chain.body.rows_checked - chainBefore.body.rows_checked >= w0.rowsStored + wD.rowsStored;
  const writes = {
    at0: w0,
    atDelay: wD,
    ratio: wD.perSecond / w0.perSecond,
    chain,
    chainGrewBy: chain.body?.rows_checked - chainBefore.body?.rows_checked,
    chained,
    passed: wD.perSecond >= 0.8 * w0.perSecond && wD.perSecond >= 100 && w0.noneLost && wD.noneLost && chained,
  };
  const schema =
    Object.keys(ctx.edcData ?? {})
      .sort((a, b) => ctx.edcData[a].itemRows - ctx.edcData[b].itemRows)
      .pop() ?? "cc_demo";
  const edc = await edcRoundTrips(ctx, schema);
  const failedOps = operations.filter((o) => o.passed === false).map((o) => `${o.op} ${o.trips.toFixed(1)} > ${o.bound}`);
  const unmeasured = operations.filter((o) => !o.measured).map((o) => `${o.op} (${o.reason})`);
  const verdicts = {
    reads: operations.filter((o) => o.kind === "read" && o.measured).every((o) => o.passed),
    writes: operations.filter((o) => o.kind === "write" && o.measured).every((o) => o.passed),
    tenantWrites: writes.passed,
    edc: edc.passed,
  };
  const flagged =
    [
      failedOps.length ? `${failedOps.length} operation(s) over their far-trip bound: ${failedOps.join(", ")}` : null,
      unmeasured.length ? `not measured: ${unmeasured.join(", ")}` : null,
      writes.passed
        ? null
        : `one tenant's writes: ${wD.perSecond.toFixed(1)}/s at ${DELAY_MS} ms against ${w0.perSecond.toFixed(1)}/s at 0 (${writes.ratio.toFixed(2)}×)` +
          `, none lost: ${w0.noneLost && wD.noneLost}, chain holds every row: ${chained}`,
      edc.passed ? null : `EDC extract of ${edc.rows} rows: ${edc.trips.toFixed(1)} round trips > ${edc.bound.toFixed(1)}`,
    ]
      .filter(Boolean)
      .join("; ") || null;
  return { delayMs: DELAY_MS, samples: SAMPLES, tolerance: TOLERANCE, operations, writes, edc, verdicts, flagged };
}

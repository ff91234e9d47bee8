// Every documented operation (/openapi.json), one happy-path request at a time (operations/*.mjs), each
// request right after a GET /healthz so the ratio compares requests made under the same conditions.
// `ctx.runs` rounds over all operations, BENCH_ROUTE_SAMPLES (default 5) pairs per operation per round;
// the median of each round's medians is reported. An operation without a catalog entry, or one that
// answers another status than its entry expects, is flagged (the bench then exits non-zero).
import { timedRequest } from "../lib/http.mjs";
import { median } from "../lib/stats.mjs";
import { operationCatalog, setupFixtures } from "../operations/index.mjs";

const family = (op) => {
  const path = op.split(" ")[1];
  if (path.startsWith("/a/")) return "CommCare";
  if (path.startsWith("/edc/")) return "EDC";
  if (path.startsWith("/flask/") || path.startsWith("/data-server/")) return "Flask";
  return "Platform";
};

async function once(ctx, entry) {
  const req = await entry.request();
  const r = await timedRequest(`${ctx.base}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  return { ...r, req };
}

export async function runRoutes(ctx, { billingMonth }) {
  const samples = Math.max(1, Number(process.env.BENCH_ROUTE_SAMPLES ?? 5));
  const documented = [...ctx.routes];
  const fx = await setupFixtures(ctx, { billingMonth });
  const catalog = operationCatalog(fx);
  const unmeasured = documented.filter((op) => !catalog.has(op));
  const stale = [...catalog.keys()].filter((op) => !ctx.routes.has(op));
  const healthz = { request: () => ({ method: "GET", path: "/healthz" }) };
  const state = new Map(
    documented.filter((op) => catalog.has(op)).map((op) => [op, { entry: catalog.get(op), rounds: [], failed: null, statuses: {} }]),
  );

  const check = async (op, s) => {
    const expect = s.entry.expect ?? 200;
    const r = await once(ctx, s.entry);
    s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
    if (r.status !== expect) {
      const body = await fetch(`${ctx.base}${r.req.path}`, { method: r.req.method, headers: r.req.headers, body: r.req.body }).then(
        (x) => x.text(),
        () => "",
      );
      s.failed = `answered ${r.status}, expected ${expect}${body ? ` (a repeat said: ${body.slice(0, 160).replace(/\s+/g, " ")})` : ""}`;
      ctx.log(`  ${op}: ${s.failed}`);
    }
    return r;
  };
  // warm-up (and a first check) of every operation
  for (const [op, s] of state) {
    try {
      await check(op, s);
    } catch (err) {
      s.failed = `request failed: ${String(err.message ?? err).split("\n")[0]}`;
      ctx.log(`  ${op}: ${s.failed}`);
    }
  }
  for (let round = 0; round < ctx.runs; round++) {
    const t0 = performance.now();
    for (const [op, s] of state) {
      if (s.failed) continue;
      const opMs = [];
      const hzMs = [];
      try {
        for (let i = 0; i < samples && !s.failed; i++) {
          const h = await once(ctx, healthz);
          if (h.status !== 200) throw new Error(`GET /healthz answered ${h.status}`);
          hzMs.push(h.ms);
          const r = await check(op, s);
          opMs.push(r.ms);
        }
      } catch (err) {
        s.failed = `request failed: ${String(err.message ?? err).split("\n")[0]}`;
        ctx.log(`  ${op}: ${s.failed}`);
      }
      if (!s.failed) s.rounds.push({ opMs: median(opMs), healthzMs: median(hzMs), max: Math.max(...opMs) });
    }
    ctx.log(
      `  round ${round + 1} of ${ctx.runs}: ${state.size} operations × ${samples} in ${Math.round((performance.now() - t0) / 1000)} s`,
    );
  }

  const rows = documented.map((op) => {
    const s = state.get(op);
    if (!s) return { op, family: family(op), measured: false, reason: "no entry in test/bench/operations" };
    if (s.failed) return { op, family: family(op), measured: false, reason: s.failed, note: s.entry.note };
    return {
      op,
      family: family(op),
      measured: true,
      note: s.entry.note,
      expect: s.entry.expect ?? 200,
      medianMs: median(s.rounds.map((r) => r.opMs)),
      healthzMs: median(s.rounds.map((r) => r.healthzMs)),
      ratio: median(s.rounds.map((r) => r.opMs / r.healthzMs)),
      rounds: s.rounds.length,
      requests: s.rounds.length * samples,
    };
  });
  const failed = rows.filter((r) => !r.measured && state.has(r.op));
  const flagged =
    unmeasured.length + failed.length > 0
      ? `${unmeasured.length} documented operation(s) without a catalog entry and ${failed.length} that did not answer as expected: ${[...unmeasured, ...failed.map((r) => r.op)].join(", ")}`
      : null;
  if (flagged) ctx.log(`  FLAGGED: ${flagged}`);
  return { samples, rounds: ctx.runs, documented: documented.length, rows, unmeasured, stale, flagged };
}

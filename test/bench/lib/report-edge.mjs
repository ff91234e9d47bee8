// The edge area's section of RESULTS.md (areas/edge.mjs).
import { fmt, table } from "./stats.mjs";

const verdict = (passed) => (passed === null || passed === undefined ? "—" : passed ? "pass" : "**FAIL**");
const calls = (c) => (c ? `D1 ${c.d1}, DO ${c.do}, R2 ${c.r2}, KV ${c.kv}` : "");

export function edgeSection(area) {
  if (!area) return "_Not run._";
  const d = area.delayMs;
  const ops = area.operations.map((o) =>
    o.measured
      ? [`\`${o.op}\``, o.kind, fmt(o.ms0, 1), fmt(o.msDelayed, 1), fmt(o.trips, 1), o.bound ?? "—", calls(o.calls), verdict(o.passed)]
      : [`\`${o.op}\``, o.kind, "", "", "", "", o.reason, "**not measured**"],
  );
  const w = area.writes;
  const e = area.edc;
  return [
    `Every D1, Durable Object and R2 call the Worker makes waits ${d} ms before it starts (test/bench/edge/entry.ts, bench-only), ` +
      `and the EDC answers through a TCP proxy that holds each server→client chunk ${d} ms (test/bench/edge/delay-proxy.mjs). ` +
      `Far trips in sequence = median over ${area.samples} request pairs (after a warm-up pair; each pair back to back) of (latency at ${d} ms − latency at 0 ms) / ${d} ms; ` +
      `a verdict allows ${area.tolerance} trips of jitter. Calls are those made before the answer's headers left (KV is counted, never delayed). ` +
      "Exports build a zip in R2 through a multipart upload (create, parts, complete), so they carry no one-trip bound.",
    "",
    table(
      ["Verdict (issue 10)", "Result"],
      [
        ["1. Reads: ≤ 1 far trip in sequence", verdict(area.verdicts.reads)],
        ["2. Writes: ≤ 2 far trips in sequence", verdict(area.verdicts.writes)],
        [
          `3. One tenant's writes (${WRITERS_LABEL}) at ${d} ms ≥ 0.8× those at 0 ms and ≥ 100/s`,
          `${verdict(area.verdicts.tenantWrites)}: ${fmt(w.atDelay.perSecond, 1)}/s against ${fmt(w.at0.perSecond, 1)}/s (${fmt(w.ratio, 2)}×); verify-chain ${w.chain.status} ${w.chain.body?.ok === false ? "BROKEN" : "intact"}`,
        ],
        [
          `4. EDC: ≤ 3 + rows/20,000 round trips per extract`,
          `${verdict(area.verdicts.edc)}: ${fmt(e.trips, 1)} round trips for ${fmt(e.rows)} rows of ${e.schema} (bound ${fmt(e.bound, 1)}; ${fmt(e.ms0)} ms at 0, ${fmt(e.msDelayed)} ms at ${d} ms)`,
        ],
      ],
    ),
    "",
    table(["Operation", "kind", "ms at 0", `ms at ${d}`, "far trips", "bound", "calls", "verdict"], ops),
  ].join("\n");
}

const WRITERS_LABEL = "64 concurrent insert-log clients";

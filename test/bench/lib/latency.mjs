// Sequential latency of single requests (one at a time, body read to the end), interleaved between variants.
import { timedRequest } from "./http.mjs";
import { median } from "./stats.mjs";

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * `variants`: { key: () => [url, init] }. Runs `n` rounds, each variant once per round (so drift hits all alike).
 * Returns { key: { median, p95, statuses } }; throws on a status other than `expect`.
 */
export async function interleavedLatency(variants, { n = 30, expect = 200 } = {}) {
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (const [k, make] of Object.entries(variants)) {
      const [url, init] = make();
      const r = await timedRequest(url, init);
      if (r.status !== expect) throw new Error(`${k}: status ${r.status}`);
      times[k].push(r.ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { median: median(xs), p95: pct(xs, 95), n: xs.length }]));
}

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

/**
 * `rounds` × interleavedLatency(variants, { n: perRound }): each round's median per variant, then the median of
 * those (and of each round's ratio of every variant to `baseline`). Returns { key: { median, p95, n, roundMedians, ratio } }.
 */
export async function roundsLatency(variants, { rounds = 3, perRound = 10, expect = 200, baseline } = {}) {
  const per = [];
  for (let i = 0; i < rounds; i++) per.push(await interleavedLatency(variants, { n: perRound, expect }));
  return Object.fromEntries(
    Object.keys(variants).map((k) => [
      k,
      {
        median: median(per.map((r) => r[k].median)),
        p95: median(per.map((r) => r[k].p95)),
        n: rounds * perRound,
        roundMedians: per.map((r) => r[k].median),
        ratio: baseline ? median(per.map((r) => r[k].median / r[baseline].median)) : undefined,
      },
    ]),
  );
}

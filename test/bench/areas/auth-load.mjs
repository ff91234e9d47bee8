// The cost of token auth under load: the same route with a token (warm KV session cache) and without one
// (401 from the middleware), autocannon in its own process, the variants alternating round by round.
// Main pair: POST /flask/device/get-logs; second pair: GET /auth/self. Counts every status other than the
// expected one, so a proxy 503 (workers-sdk#15203: a 401 sent before the request body was read) shows up, and
// flags the area when there is any (the comparison would then not be of like with like).
import { loadTest } from "../lib/load.mjs";
import { median } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";

const LOGS_BODY = { study_id: 101, limit: 100 };

export const AUTH_PAIRS = [
  {
    key: "flask_logs",
    label: "POST /flask/device/get-logs (page of 100)",
    method: "POST",
    path: "/flask/device/get-logs",
    body: LOGS_BODY,
  },
  { key: "auth_self", label: "GET /auth/self", method: "GET", path: "/auth/self" },
];

function opts(ctx, pair, withToken) {
  const headers = {};
  if (withToken) headers.authorization = ctx.token;
  if (pair.body) headers["content-type"] = "application/json";
  return {
    url: `${ctx.base}${pair.path}`,
    method: pair.method,
    headers,
    body: pair.body ? JSON.stringify(pair.body) : undefined,
    connections: ctx.scale.connections,
    duration: ctx.scale.loadSeconds,
    timeout: 30,
  };
}

const summarize = (res, expect) => {
  const codes = Object.fromEntries(Object.entries(res.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  const expected = codes[expect] ?? 0;
  return {
    rps: res.rps,
    p50: res.p50,
    p99: res.p99,
    total: res.total,
    codes,
    unexpected: res.total - expected + (res.errors ?? 0),
    errors: res.errors,
    timeouts: res.timeouts,
    status503: codes[503] ?? 0,
  };
};

export async function runAuthLoad(ctx) {
  const pairs = AUTH_PAIRS.filter((p) => serves(ctx.routes, p.method, p.path));
  for (const p of pairs) {
    await loadTest({ ...opts(ctx, p, true), duration: 1 });
    await loadTest({ ...opts(ctx, p, false), duration: 1 });
  }
  const rounds = [];
  for (let round = 0; round < ctx.runs; round++) {
    const row = {};
    for (const p of pairs) {
      row[p.key] = summarize(await loadTest(opts(ctx, p, true)), 200);
      row[`${p.key}_401`] = summarize(await loadTest(opts(ctx, p, false)), 401);
      for (const k of [p.key, `${p.key}_401`]) {
        ctx.log(
          `  round ${round + 1} ${p.label}${k.endsWith("_401") ? " without a token" : " with a token"}: ${Math.round(row[k].rps)} req/s, p99 ${row[k].p99} ms, codes ${JSON.stringify(row[k].codes)}`,
        );
      }
    }
    rounds.push(row);
  }
  const rows = pairs.map((p) => {
    const pick = (k, f) => median(rounds.map((r) => f(r[k])));
    const sum = (k, f) => rounds.reduce((n, r) => n + f(r[k]), 0);
    const t = p.key;
    const u = `${p.key}_401`;
    return {
      key: p.key,
      label: p.label,
      token: {
        rps: pick(t, (x) => x.rps),
        p50: pick(t, (x) => x.p50),
        p99: pick(t, (x) => x.p99),
        total: sum(t, (x) => x.total),
        unexpected: sum(t, (x) => x.unexpected),
        status503: sum(t, (x) => x.status503),
      },
      none: {
        rps: pick(u, (x) => x.rps),
        p50: pick(u, (x) => x.p50),
        p99: pick(u, (x) => x.p99),
        total: sum(u, (x) => x.total),
        unexpected: sum(u, (x) => x.unexpected),
        status503: sum(u, (x) => x.status503),
      },
      // per round, so both sides of the ratio come from runs made seconds apart
      rpsRatio: median(rounds.map((r) => r[t].rps / r[u].rps)),
      extraMsPerRequest: median(rounds.map((r) => 1000 / r[t].rps - 1000 / r[u].rps)),
    };
  });
  const unexpected = rows.reduce((n, r) => n + r.token.unexpected + r.none.unexpected, 0);
  const status503 = rows.reduce((n, r) => n + r.token.status503 + r.none.status503, 0);
  return {
    connections: ctx.scale.connections,
    seconds: ctx.scale.loadSeconds,
    rows,
    rounds,
    unexpected,
    status503,
    missing: AUTH_PAIRS.filter((p) => !pairs.includes(p)).map((p) => p.label),
    flagged: unexpected ? `${unexpected} responses other than 200 (token) / 401 (no token) or errors, ${status503} of them 503` : null,
  };
}

// Requests under load (autocannon in its own process): the runtime floor (/healthz) and the key routes of
// each family, interleaved round by round so every ratio compares runs made minutes apart at most. Routes
// whose endpoint is not served yet are left out (and named in the report). Every documented operation is
// measured one request at a time by areas/routes.mjs; the cost of auth by areas/auth-load.mjs.
import { loadTest } from "../lib/load.mjs";
import { median } from "../lib/stats.mjs";
import { operationOf, serves } from "../lib/routes.mjs";

const CC_KEY = "ApiKey admin@demo.test:demo-api-key";

/** Every route measured under load. `auth`: "token" (Flask/EDC token) or "apikey" (CommCare). */
export function loadRoutes(ctx) {
  const studyId = 101;
  return [
    { key: "healthz", label: "GET /healthz", method: "GET", path: "/healthz", expect: 200 },
    { key: "auth_self", label: "GET /auth/self (token, warm KV)", method: "GET", path: "/auth/self", auth: "token", expect: 200 },
    {
      key: "flask_logs",
      label: "POST /flask/device/get-logs (token, page of 100)",
      method: "POST",
      path: "/flask/device/get-logs",
      auth: "token",
      body: { study_id: studyId, limit: 100 },
      expect: 200,
    },
    {
      key: "cc_locations",
      label: "GET /a/demo/api/location/v2/?limit=20",
      method: "GET",
      path: "/a/demo/api/location/v2/?limit=20",
      auth: "apikey",
      expect: 200,
    },
    {
      key: "cc_forms",
      label: "GET /a/demo/api/form/v1/?limit=100",
      method: "GET",
      path: "/a/demo/api/form/v1/?limit=100",
      auth: "apikey",
      expect: 200,
    },
  ];
}

function autocannonOpts(ctx, route, seconds) {
  const headers = {};
  if (route.auth === "token") headers.authorization = ctx.token;
  if (route.auth === "apikey") headers.authorization = CC_KEY;
  if (route.body) headers["content-type"] = "application/json";
  return {
    url: `${ctx.base}${route.path}`,
    method: route.method,
    headers,
    body: route.body ? JSON.stringify(route.body) : undefined,
    connections: ctx.scale.connections,
    duration: seconds,
    timeout: 30,
  };
}

export async function runLoadAreas(ctx) {
  const all = loadRoutes(ctx);
  const routes = all.filter((r) => serves(ctx.routes, r.method, r.path));
  const missing = all.filter((r) => !routes.includes(r)).map((r) => r.label);
  // warm-up: one short pass per route (JIT, KV cache, D1 page cache)
  for (const r of routes) await loadTest(autocannonOpts(ctx, r, 1));
  const perRound = [];
  for (let round = 0; round < ctx.runs; round++) {
    const row = {};
    for (const r of routes) {
      const res = await loadTest(autocannonOpts(ctx, r, ctx.scale.loadSeconds));
      const codes = res.statusCodeStats ?? {};
      const expected = codes[r.expect]?.count ?? 0;
      row[r.key] = {
        rps: res.rps,
        p99: res.p99,
        p50: res.p50,
        total: res.total,
        expected,
        unexpected: res.total - expected,
        errors: res.errors,
        timeouts: res.timeouts,
        codes: Object.fromEntries(Object.entries(codes).map(([k, v]) => [k, v.count])),
      };
      ctx.log(
        `  round ${round + 1} ${r.label}: ${Math.round(res.rps)} req/s, p99 ${res.p99} ms, codes ${JSON.stringify(row[r.key].codes)}`,
      );
    }
    perRound.push(row);
  }
  const summary = routes.map((r) => {
    const rps = perRound.map((x) => x[r.key].rps);
    const p99 = perRound.map((x) => x[r.key].p99);
    return {
      key: r.key,
      label: r.label,
      op: operationOf(ctx.routes, r.method, r.path),
      expect: r.expect,
      rps: median(rps),
      p99: median(p99),
      p50: median(perRound.map((x) => x[r.key].p50)),
      rpsRatio: median(perRound.map((x) => x[r.key].rps / x.healthz.rps)),
      p99Ratio: median(perRound.map((x) => x[r.key].p99 / Math.max(1, x.healthz.p99))),
      unexpected: perRound.reduce((n, x) => n + x[r.key].unexpected + x[r.key].errors, 0),
      total: perRound.reduce((n, x) => n + x[r.key].total, 0),
    };
  });
  return { connections: ctx.scale.connections, seconds: ctx.scale.loadSeconds, summary, perRound, missing };
}

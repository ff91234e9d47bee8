// Report sections of the requests over HTTP: the runtime floor under load, every documented operation one
// request at a time, and the cost of auth.
import { fmt, table } from "./stats.mjs";
import { ms, ratio } from "./report-format.mjs";

export function floorSection(floor) {
  if (!floor) return "_Not run._";
  const rows = floor.summary.map((s) => [
    s.label,
    fmt(s.rps),
    ms(s.p50),
    ms(s.p99),
    ratio(s.rpsRatio),
    ratio(s.p99Ratio),
    s.unexpected ? `**${s.unexpected}** of ${s.total}` : `0 of ${s.total}`,
  ]);
  let md =
    `**Under load**: ${floor.connections} connections, ${floor.seconds} s per run, one autocannon process; req/s and latencies are medians of the ${floor.perRound.length} runs, ` +
    `ratios are medians of per-round ratios (each route against /healthz of the same round).\n\n`;
  md += table(["Route", "req/s", "p50", "p99", "req/s vs /healthz", "p99 vs /healthz", "unexpected status / errors"], rows);
  if (floor.missing?.length) md += `\n\nNot served yet when this ran, so not measured: ${floor.missing.map((m) => `\`${m}\``).join(", ")}.`;
  return md;
}

export function routesSection(routes, floor) {
  if (!routes) return "_Every-operation table not run._";
  const load = Object.fromEntries((floor?.summary ?? []).filter((s) => s.op).map((s) => [s.op, s]));
  const rows = routes.rows.map((r) => {
    const [method, path] = r.op.split(" ");
    const under = load[r.op] ? `${fmt(load[r.op].rps)} (${ratio(load[r.op].rpsRatio)})` : "";
    if (!r.measured) return [r.family, `\`${method} ${path}\``, `**not measured**: ${r.reason}`, "", "", "", ""];
    return [
      r.family,
      `\`${method} ${path}\``,
      `${r.note ?? ""}${r.expect !== 200 ? ` (${r.expect})` : ""}`,
      ms(r.medianMs),
      ms(r.healthzMs),
      ratio(r.ratio),
      under,
    ];
  });
  const measured = routes.rows.filter((r) => r.measured).length;
  let md =
    `**Every documented operation** (${routes.documented} in /openapi.json, ${measured} measured): a happy-path request per operation ` +
    `(test/bench/operations/), sequential, each one right after a \`GET /healthz\`; ${routes.samples} pairs per operation in each of ${routes.rounds} rounds ` +
    "over all operations. Latency is the median of the round medians (body read to the end); the ratio is the median of the rounds' " +
    "operation-median ÷ /healthz-median of the same pairs. Writes create fresh objects per call or upsert the bench's own objects; " +
    "untimed preparation (a login before logout, an event before adding a CRF to it) is noted. The last column repeats req/s under load " +
    "(and its ratio to /healthz) for the routes of the table above, with that table's request (e.g. `?limit=20`).\n\n";
  md += table(["Family", "Operation", "Request", "median", "/healthz (same pairs)", "vs /healthz", "req/s under load"], rows);
  if (routes.flagged)
    md += `\n\n**Flagged:** ${routes.flagged}. The bench exits non-zero until each has a working entry in test/bench/operations/.`;
  if (routes.stale?.length)
    md += `\n\nCatalog entries for operations no longer documented: ${routes.stale.map((s) => `\`${s}\``).join(", ")}.`;
  return md;
}

export function authSection(auth) {
  if (!auth) return "_Not run._";
  // results.json of earlier versions held the D1 verdict alone
  const load = auth.load ?? null;
  const d1 = auth.d1 ?? (auth.test ? auth : null);
  let md = "";
  if (load?.rows?.length) {
    const rows = load.rows.map((r) => [
      r.label,
      fmt(r.token.rps),
      fmt(r.none.rps),
      ratio(r.rpsRatio),
      ms(r.token.p99),
      ms(r.none.p99),
      ms(r.extraMsPerRequest),
      `${r.token.unexpected} of ${fmt(r.token.total)} / ${r.none.unexpected} of ${fmt(r.none.total)}` +
        (r.token.status503 + r.none.status503 ? ` (**${r.token.status503 + r.none.status503} × 503**)` : ""),
    ]);
    md +=
      `${load.connections} connections, ${load.seconds} s per run, ${load.rounds.length} rounds, the token and no-token runs of a route alternating; ` +
      "req/s and p99 are medians of the rounds, the ratio and the extra time are medians of per-round values.\n\n";
    md += table(
      [
        "Route: token (warm KV session) vs no token (401)",
        "req/s with token",
        "req/s without (401)",
        "ratio",
        "p99 with token",
        "p99 without",
        "extra time per request at saturation",
        "unexpected statuses / errors (token / no token)",
      ],
      rows,
    );
    const proxy503 = load.rows.reduce((n, r) => n + r.token.status503 + r.none.status503, 0);
    const unexpected = load.rows.reduce((n, r) => n + r.token.unexpected + r.none.unexpected, 0);
    md +=
      "\n\nThe 401 runs go through the same middleware up to the token check, so the difference is token verification, the KV session read " +
      'and the rate-limit Durable Object call. "Extra time per request" is 1/req/s(token) − 1/req/s(no token) at the same concurrency. ' +
      "Unauthenticated POSTs (workers-sdk#15203: a 401 answered before the request body was read made wrangler dev's proxy fail the next request " +
      `on the connection with 503): ${unexpected === 0 ? "every response of every run had the expected status (200 / 401), **no 503**: passed" : `**${unexpected} unexpected responses or errors, ${proxy503} of them 503: FAILED** (the ratios above then compare unlike work)`}.`;
    if (load.missing?.length) md += ` Not served, so not measured: ${load.missing.join(", ")}.`;
    md += "\n\n";
  } else md += "_The load comparison was not run._\n\n";
  if (d1) {
    const n = (v) => (v === null || v === undefined ? "not measured" : String(v));
    md +=
      `**D1 statements per token-authenticated request on a KV cache hit: ${n(d1.middlewareQueriesOnKvHit)}** ` +
      `(the middleware, measured over 20 requests; \`GET /auth/self\` itself then reads the user row: ${n(d1.authSelfQueriesOnKvHit)} statement per request). ` +
      `wrangler dev has no per-query counter, so this is measured by \`${d1.test}\`, which wraps \`env.DB\` in a counting proxy ` +
      `(prepare, batch, exec), calls the real \`requireCaller\` and the real app 20 times on a warm KV entry and asserts the counts; ` +
      `a second case deletes the KV entry and asserts that the counter then sees D1. Verdict (must be 0) in this run: **${d1.passed ? "passed" : "FAILED"}**.`;
  }
  return md;
}

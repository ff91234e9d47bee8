// Renders test/bench/RESULTS.md from the results object of test/bench/run.mjs.
import { fmt, table } from "./stats.mjs";

const MiB = (kib) => (Number.isFinite(kib) ? `${fmt(kib / 1024, 0)} MiB` : "n/a");
const ms = (x) => (Number.isFinite(x) ? `${fmt(x, x < 10 ? 1 : 0)} ms` : "n/a");
const ratio = (x) => (Number.isFinite(x) ? `${fmt(x, x < 0.1 ? 3 : 2)}×` : "n/a");

function floorSection(floor) {
  if (!floor) return "_Not run._";
  const rows = floor.summary.map((s) => [
    s.label, fmt(s.rps), ms(s.p50), ms(s.p99), ratio(s.rpsRatio), ratio(s.p99Ratio), s.unexpected ? `**${s.unexpected}** of ${s.total}` : `0 of ${s.total}`,
  ]);
  let md = `${floor.connections} connections, ${floor.seconds} s per run, one autocannon process; req/s and latencies are medians of the runs, ` +
    `ratios are medians of per-round ratios (each route against /healthz of the same round).\n\n`;
  md += table(["Route", "req/s", "p50", "p99", "req/s vs /healthz", "p99 vs /healthz", "unexpected status / errors"], rows);
  if (floor.missing?.length) md += `\n\nNot served yet when this ran, so not measured: ${floor.missing.map((m) => `\`${m}\``).join(", ")}.`;
  return md;
}

function authSection(floor, auth) {
  const by = Object.fromEntries((floor?.summary ?? []).map((s) => [s.key, s]));
  const rows = [];
  const cost = (a, b) => (a && b ? 1000 / a.rps - 1000 / b.rps : NaN); // ms of server capacity per request
  if (by.auth_self && by.auth_self_401) {
    rows.push(["GET /auth/self: token (warm KV) vs no token (401)", fmt(by.auth_self.rps), fmt(by.auth_self_401.rps), ratio(by.auth_self.rps / by.auth_self_401.rps),
      ms(by.auth_self.p99), ms(by.auth_self_401.p99), ms(cost(by.auth_self, by.auth_self_401))]);
  }
  if (by.auth_self && by.healthz) {
    rows.push(["GET /auth/self (token) vs GET /healthz", fmt(by.auth_self.rps), fmt(by.healthz.rps), ratio(by.auth_self.rps / by.healthz.rps),
      ms(by.auth_self.p99), ms(by.healthz.p99), ms(cost(by.auth_self, by.healthz))]);
  }
  if (by.flask_logs && by.flask_logs_401) {
    rows.push(["POST /flask/device/get-logs: token vs no token (401)", fmt(by.flask_logs.rps), fmt(by.flask_logs_401.rps), ratio(by.flask_logs.rps / by.flask_logs_401.rps),
      ms(by.flask_logs.p99), ms(by.flask_logs_401.p99), ms(cost(by.flask_logs, by.flask_logs_401))]);
  }
  let md = rows.length
    ? table(["Comparison", "req/s (authenticated)", "req/s (baseline)", "ratio", "p99 (authenticated)", "p99 (baseline)", "extra time per request at saturation"], rows)
    : "_Not measured (the load runs did not include both routes)._";
  md += "\n\nThe 401 path runs the same middleware up to the missing token, so token vs 401 isolates token verification, the KV session " +
    "read and the rate-limit Durable Object call (plus the handler's own work on /auth/self: one D1 read of the user row). " +
    "\"Extra time per request\" is 1/req/s(authenticated) − 1/req/s(baseline) at the same concurrency.\n\n";
  if (auth) {
    md += `**D1 statements per token-authenticated request on a KV cache hit: ${auth.passed ? "0" : "not confirmed"}** ` +
      `(the middleware; \`GET /auth/self\` itself then reads the user row: ${auth.passed ? "1" : "?"} statement). ` +
      `wrangler dev has no per-query counter, so this is measured by \`${auth.test}\`, which wraps \`env.DB\` in a counting proxy ` +
      `(prepare, batch, exec), calls the real \`requireCaller\` and the real app 20 times on a warm KV entry and asserts the counts; ` +
      `a second case deletes the KV entry and asserts that the counter then sees D1. Verdict in this run: **${auth.passed ? "passed" : "FAILED"}**.`;
  }
  return md;
}

function edcSection(edc) {
  if (!edc) return "_Not run._";
  if (!edc.hasExtract && !edc.hasCsvs) return "_The /edc extract routes were not served when this ran._";
  const rows = [];
  for (const s of edc.sizes) {
    if (s.extract) {
      rows.push([`extract-data cc_event_data (JSON)`, fmt(s.itemRows), fmt(s.extract.rows), fmt(s.extract.rowsPerS), fmt(s.psqlRowsPerS), ratio(s.extract.ratioToPsql),
        `${fmt(s.extract.mibPerS, 1)} MiB/s`, MiB(s.idleKiB), MiB(s.extract.peakKiB)]);
    }
    if (s.csvs) {
      rows.push([`download-csvs-data (zip of CSVs)`, fmt(s.itemRows), fmt(s.viewRows), fmt(s.csvs.viewRowsPerS), fmt(s.psqlRowsPerS), ratio(s.csvs.ratioToPsql),
        `${fmt(s.csvs.zipBytes / 1024 / 1024, 1)} MiB zip in ${ms(s.csvs.ms)}`, MiB(s.idleKiB), MiB(s.csvs.peakKiB)]);
    }
  }
  let md = table(["Route", "item_data rows", "cc_event_data rows", "rows/s", "psql rows/s", "vs psql", "throughput", "workerd RSS idle", "workerd peak RSS"], rows);
  md += "\n\npsql: `psql -c \"\\copy (select row_to_json(t) from <schema>.cc_event_data t) to stdout\"` against the same database, in the same run, " +
    "before each API run. rows/s of download-csvs-data counts the cc_event_data rows of the same data (the zip holds one CSV per event × CRF, " +
    "with every item_data row of the study). Peak RSS: the larger of wrangler's two workerd processes (its proxy and the Worker runtime), " +
    "sampled from /proc/<pid>/status every 100 ms during the request; the largest peak over the runs. Each size starts on a freshly " +
    "started workerd (\"idle\" is its RSS before the first extract), because a process's RSS does not shrink after earlier work.";
  const peaks = edc.sizes.map((s) => Math.max(s.extract?.peakKiB ?? 0, s.csvs?.peakKiB ?? 0));
  if (peaks.length >= 2 && peaks.every((p) => p > 0)) {
    const growth = peaks[peaks.length - 1] / peaks[0];
    md += `\n\nPeak RSS at ${fmt(edc.sizes.at(-1).itemRows)} rows is ${ratio(growth)} the peak at ${fmt(edc.sizes[0].itemRows)} rows ` +
      `for ${fmt(edc.sizes.at(-1).itemRows / edc.sizes[0].itemRows, 0)}× the rows: ${growth < 1.25 ? "memory does not grow with the row count" : "**memory grows with the row count**"}.`;
  }
  return md;
}

function zipSection(zip) {
  if (!zip) return "_Not run._";
  const rows = zip.modes.map((m) => [m.mode === "store" ? "store (ZipPassThrough, CRC only)" : m.mode === "fflate" ? "fflate ZipDeflate level 6" : "native CompressionStream(\"deflate-raw\")",
    `${fmt(m.mibPerS, 1)} MiB/s`, ms(m.ms), `${fmt(m.outRatio * 100, 1)}%`]);
  return `${fmt(zip.inBytes / 1024 / 1024, 0)} MiB of CSV text in 64 KiB chunks through \`zipEntry(name, mode)\` (src/lib/zip-entry.ts) and fflate's \`Zip\`, ` +
    `inside workerd (\`test/bench/zip-throughput.bench-run.ts\` via \`test/bench/vitest.bench.config.mts\`; median of ${zip.runs} runs).\n\n` +
    table(["Mode", "throughput (input)", "time", "output / input"], rows);
}

function genericSection(area) {
  if (!area) return "_Not run._";
  if (area.skipped) return `_Not measured: ${area.skipped}._`;
  return area.markdown ?? "```json\n" + JSON.stringify(area, null, 2) + "\n```";
}

const med = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

function bundleSection(r) {
  const b = r.bundle;
  const samples = r.startupSamples?.length ? r.startupSamples : [r.startup];
  const t = { wranglerToFirst200Ms: med(samples.map((x) => x.wranglerToFirst200Ms)), workerdToFirst200Ms: med(samples.map((x) => x.workerdToFirst200Ms)) };
  const rows = [
    ["Bundle (wrangler deploy --dry-run --outdir)", `${fmt(b.rawBytes / 1024, 0)} KiB`, `${fmt(b.gzipBytes / 1024, 0)} KiB gzip -9` + (b.wranglerGzipKiB ? ` (wrangler: ${fmt(b.wranglerGzipKiB, 2)} KiB gzip)` : "")],
    ["Spawn `wrangler dev` (prebuilt bundle) → first 200 from /healthz", ms(t.wranglerToFirst200Ms), `median of ${samples.length} starts (the bench restarts wrangler for memory measurements): ${samples.map((x) => fmt(x.wranglerToFirst200Ms)).join(", ")} ms`],
    ["workerd process start → first 200 from /healthz", ms(t.workerdToFirst200Ms), `from /proc/<pid>/stat starttime (10 ms resolution); ${samples.map((x) => fmt(x.workerdToFirst200Ms)).join(", ")} ms`],
  ];
  return table(["What", "Value", "Note"], rows);
}

const CAVEATS = [
  "D1 statements per authenticated request are counted in the test suite (workerd via vitest-pool-workers, a counting proxy around env.DB), " +
    "not in `wrangler dev`, which has no per-query counter; nothing was added to production code for it.",
  "No unauthenticated POST baseline (e.g. `get-logs` without a token): the Worker answers 401 without reading the request body, and wrangler dev's " +
    "proxy then fails every other request on that connection with its own 503 \"Your worker restarted mid-request\" (workers-sdk#15203). " +
    "The cost of auth is measured on `GET /auth/self` instead.",
  "Every request passes wrangler dev's proxy workerd before the Worker's workerd; absolute req/s and latencies include it (ratios to /healthz cancel most of it). " +
    "\"workerd start → first 200\" is measured from the birth of the first workerd process, so it includes the proxy's start too.",
  "The machine has 2 cores shared by the load generator, the EDC database and whatever else runs there (see the load average; during the committed run, other test suites ran too): " +
    "absolute numbers move by ±30% between runs; the ratios are taken within a round to cancel that.",
  "The EDC runs on PGlite (single-threaded PostgreSQL in WebAssembly, behind pglite-socket and a one-connection gate); psql's baseline goes through the same socket. " +
    "`EDC_DATABASE_URL=postgres://…` runs the same benchmark against a real PostgreSQL (database `trialedge_bench`).",
];

export function renderReport(r) {
  const m = r.meta;
  const parts = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` (test/bench/run.mjs) on **${m.date}**, scale \`${m.scale}\`, ${m.runs} runs per measurement (medians). ` +
      "Local numbers from `wrangler dev` on one small machine, not Cloudflare production figures; compare them with each other, not with production.",
    "",
    table(["Machine", ""], [
      ["CPU", `${m.cpus} × ${m.cpuModel}`],
      ["Memory", `${m.memGiB} GiB`],
      ["Node", m.node],
      ["wrangler", m.wrangler],
      ["psql", m.psql],
      ["EDC database", m.edcBackend],
      ["Load average (1, 5, 15 min) at start / end", `${m.loadAvgAtStart} / ${m.loadAvgAtEnd ?? "n/a"} (other work on the machine shows here)`],
      ["Run", `${m.date} → ${m.finished ?? "n/a"}`],
    ]),
    "",
    "The stack: the Worker bundle from `wrangler deploy --dry-run`, run by `wrangler dev --no-bundle` on a free 127.0.0.1 port with its own state " +
      "(`.data/bench/<scale>/`), `RATE_LIMIT_PER_MINUTE=100000000` and `EDC_REGISTRY` extended with the bench schemas. Every request goes through " +
      "wrangler's local proxy workerd and then the Worker's workerd; the load generator (autocannon) and the EDC database share the same 2 cores.",
    "",
    "## Runtime floor",
    "",
    floorSection(r.areas.floor),
    "",
    "## Auth",
    "",
    authSection(r.areas.floor, r.areas.auth),
    "",
    "## EDC extracts",
    "",
    edcSection(r.areas.edc),
    "",
    "## Zip throughput (inside workerd)",
    "",
    zipSection(r.areas.zip),
    "",
    "## Flask",
    "",
    genericSection(r.areas.flask),
    "",
    "## CommCare",
    "",
    genericSection(r.areas.commcare),
    "",
    "## Bundle and start-up",
    "",
    bundleSection(r),
    "",
    "## Benchmark data",
    "",
    r.generation && Object.keys(r.generation).length
      ? table(["Generated", "rows", "time", "when"], Object.entries(r.generation).map(([k, v]) => [k, fmt(v.rows), `${fmt(v.seconds, 1)} s`, v.at])) +
        "\n\nEDC: scripts/edc/generate.mjs (set-based SQL, chunks of 50,000 item_data rows); D1: scripts/bench/d1-bulk.ts (recursive-CTE INSERT … SELECT, chunks of 10,000), both with progress bars. What this run found or added:\n"
      : "",
    "```json",
    JSON.stringify({ d1: r.seed, edc: r.edcData }, null, 2),
    "```",
    "",
  ];
  parts.push("## Not measured, or measured with caveats", "", ...[...r.notes, ...CAVEATS].map((n) => `- ${n}`), "");
  return parts.join("\n");
}

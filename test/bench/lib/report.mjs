// Renders test/bench/RESULTS.md from the results object of test/bench/run.mjs.
import { fmt, table } from "./stats.mjs";
import { ms } from "./report-format.mjs";
import { authSection, floorSection, routesSection } from "./report-load.mjs";
import { edcSection, zipSection } from "./report-edc.mjs";
import { edgeSection } from "./report-edge.mjs";

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
  const t = {
    wranglerToFirst200Ms: med(samples.map((x) => x.wranglerToFirst200Ms)),
    workerdToFirst200Ms: med(samples.map((x) => x.workerdToFirst200Ms)),
  };
  const su = r.areas.bundle;
  const startupRow = !su
    ? ["Worker start-up CPU (ms)", "not run", ""]
    : su.skipped || su.failed
      ? ["Worker start-up CPU (ms)", "**not measured**", su.skipped ?? su.failed]
      : [
          "Worker start-up CPU (ms)",
          ms(su.cpuMs),
          `\`wrangler check startup --workerBundle\` on the upload bundle of \`wrangler deploy --dry-run --outfile\`: total profiled time of its .cpuprofile ` +
            `(sum of the sample deltas), median of ${su.runs.length} runs: ${su.runs.map((x) => fmt(x.ms, 1)).join(", ")} ms (≈${fmt(su.samples)} samples each)`,
        ];
  const rows = [
    [
      "Bundle (wrangler deploy --dry-run --outdir)",
      `${fmt(b.rawBytes / 1024, 0)} KiB`,
      `${fmt(b.gzipBytes / 1024, 0)} KiB gzip -9` +
        (b.wranglerGzipKiB ? ` (wrangler: ${fmt(b.wranglerGzipKiB, 2)} KiB gzip)` : "") +
        (b.prebuilt ? "; a bundle built before this run (BENCH_BUNDLE)" : ""),
    ],
    startupRow,
    [
      "Spawn `wrangler dev` (prebuilt bundle) → first 200 from /healthz",
      ms(t.wranglerToFirst200Ms),
      `median of ${samples.length} starts (the bench restarts wrangler for memory measurements): ${samples.map((x) => fmt(x.wranglerToFirst200Ms)).join(", ")} ms`,
    ],
    [
      "workerd process start → first 200 from /healthz",
      ms(t.workerdToFirst200Ms),
      `from /proc/<pid>/stat starttime (10 ms resolution); ${samples.map((x) => fmt(x.workerdToFirst200Ms)).join(", ")} ms`,
    ],
  ];
  return table(["What", "Value", "Note"], rows);
}

/** Notes on method that hold for every run; the ones that depend on the run are built in renderReport. */
const CAVEATS = [
  "Every request passes wrangler dev's proxy workerd before the Worker's workerd; absolute req/s and latencies include it (ratios to /healthz cancel most of it). " +
    '"workerd start → first 200" is measured from the birth of the first workerd process, so it includes the proxy\'s start too.',
  "The load generator (autocannon), the EDC database and the Worker share the machine's cores with whatever else runs there (the load average above shows it): " +
    "absolute numbers move between runs; the ratios are taken within a round (or a request pair) to cancel most of that.",
  "Writes of the every-operation table stay in the bench's own state (`.data/bench/<scale>/`): device logs, CRF data of DEMO-S02-001, receiver forms, " +
    "locations and EDC subjects accumulate over runs, so reads of Demo Study and verify-chain see slightly more rows on each later run.",
];

/** Caveats that depend on what this run measured. */
function runCaveats(r) {
  const out = [];
  if (r.areas.auth?.d1 || r.areas.auth?.test) {
    out.push(
      "D1 statements per authenticated request are counted in the test suite (workerd via vitest-pool-workers, a counting proxy around env.DB), " +
        "not in `wrangler dev`, which has no per-query counter; nothing was added to production code for it.",
    );
  }
  if (r.meta.edcBackend?.startsWith("PGlite") && r.areas.edc) {
    out.push(
      "The EDC runs on PGlite (single-threaded PostgreSQL in WebAssembly, behind pglite-socket and a one-connection gate); psql's baseline goes through the same socket. " +
        "`EDC_DATABASE_URL=postgres://…` runs the same benchmark against a real PostgreSQL (database `trialedge_bench`).",
    );
  }
  if (r.meta.scale !== "full")
    out.push(
      `Scale \`${r.meta.scale}\`: smaller data than the issues ask for (the EDC sizes, device logs and cases above); run \`npm run bench\` for the full sizes.`,
    );
  return out;
}

function dataSection(r) {
  const rows = Object.entries(r.generation ?? {}).map(([k, v]) => [
    k,
    fmt(v.rows),
    `${fmt(v.seconds, 1)} s`,
    v.at === r.meta.date ? `${v.at} (this run)` : `${v.at} (an earlier run; this run reused the data)`,
  ]);
  return (
    (rows.length
      ? table(["Generated", "rows", "time", "when"], rows) +
        "\n\nEDC: scripts/edc/generate.mjs (set-based SQL, chunks of 50,000 item_data rows); D1: scripts/bench/d1-bulk.ts (recursive-CTE INSERT … SELECT, chunks of 10,000), both with progress bars. "
      : "") + "What this run found or added:\n"
  );
}

export function renderReport(r) {
  const m = r.meta;
  const parts = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` (test/bench/run.mjs) on **${m.date}**, scale \`${m.scale}\`, ${m.runs} runs per measurement (medians). ` +
      "Every figure below comes from this run. Local numbers from `wrangler dev` on one small machine, not Cloudflare production figures; compare them with each other, not with production.",
    "",
    table(
      ["Machine", ""],
      [
        ["CPU", `${m.cpus} × ${m.cpuModel}`],
        ["Memory", `${m.memGiB} GiB`],
        ["Node", m.node],
        ["wrangler", m.wrangler],
        ["autocannon", m.autocannon ?? "n/a"],
        ["psql", m.psql],
        ["EDC database", m.edcBackend],
        [
          "Load average (1, 5, 15 min) at start / end",
          `${m.loadAvgAtStart} / ${m.loadAvgAtEnd ?? "n/a"} (other work on the machine shows here)`,
        ],
        ["Run", `${m.date} → ${m.finished ?? "n/a"}`],
      ],
    ),
    "",
    "The stack: the Worker bundle from `wrangler deploy --dry-run`, run by `wrangler dev --no-bundle` on a free 127.0.0.1 port with its own state " +
      "(`.data/bench/<scale>/`), `RATE_LIMIT_PER_MINUTE=100000000` and `EDC_REGISTRY` extended with the bench schemas. Every request goes through " +
      "wrangler's local proxy workerd and then the Worker's workerd; the load generator (autocannon) and the EDC database run on the same machine.",
    "",
    "## Runtime floor",
    "",
    floorSection(r.areas.floor),
    "",
    routesSection(r.areas.routes, r.areas.floor),
    "",
    "## Auth",
    "",
    authSection(r.areas.auth),
    "",
    "## EDC extracts",
    "",
    edcSection(r.areas.edc),
    "",
    "## Zip throughput (inside workerd)",
    "",
    zipSection(r.areas.zip, r.areas.edc),
    "",
    "## Flask",
    "",
    genericSection(r.areas.flask),
    "",
    "## CommCare",
    "",
    genericSection(r.areas.commcare),
    "",
    "## Edge: far round trips per request",
    "",
    edgeSection(r.areas.edge),
    "",
    "## Bundle and start-up",
    "",
    bundleSection(r),
    "",
    "## Benchmark data",
    "",
    dataSection(r),
    "```json",
    JSON.stringify({ d1: r.seed, edc: r.edcData }, null, 2),
    "```",
    "",
  ];
  parts.push("## Not measured, or measured with caveats", "", ...[...r.notes, ...runCaveats(r), ...CAVEATS].map((n) => `- ${n}`), "");
  return parts.join("\n");
}

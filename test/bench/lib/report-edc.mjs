// Report sections of the EDC extracts and of the zip microbenchmark.
import { fmt, table } from "./stats.mjs";
import { MiB, ms, ratio, verdict } from "./report-format.mjs";

const memoryLine = (name, verdicts) => {
  if (!verdicts?.decisive) return `${name}: no verdict (a size without a measurement).`;
  const pair = (v) =>
    `${MiB(v.smallKiB)} at ${fmt(v.smallRows)} item_data rows vs ${MiB(v.largeKiB)} at ${fmt(v.largeRows)} ` +
    `(${ratio(v.growth)} for ${fmt(v.largeRows / v.smallRows, 0)}× the rows; limit ${MiB(v.limitKiB)})`;
  const d = verdicts.decisive;
  const earlier = verdicts.pairs
    .slice(0, -1)
    .filter(Boolean)
    .map((v) => `${pair(v)}: ${v.passed ? "within" : "beyond"} the limit`);
  return `${name}: first-run delta ${pair(d)}: ${verdict(d.passed)}.` + (earlier.length ? ` Smaller sizes: ${earlier.join("; ")}.` : "");
};

/** Goal 4 of issue 10, per backend: throughput against psql near 1M rows, round trips, memory. */
function goalLines(b) {
  const lines = [];
  if (b.throughput) {
    lines.push(
      `extract-data JSON ≥ ${b.throughput.min}× psql \\copy at the size nearest 1M item_data rows (${fmt(b.throughput.itemRows)}): ` +
        `${ratio(b.throughput.ratio)}: ${verdict(b.throughput.passed)}.`,
    );
  }
  const trips = b.sizes.filter((s) => s.trips);
  if (trips.length) {
    lines.push(
      `Round trips to the origin per extract-data ≤ 3 + rows/20,000: ` +
        trips
          .map(
            (s) =>
              `${fmt(s.trips.rows)} rows: ${s.trips.onPath} on the response's path (bound ${fmt(s.trips.bound, 1)}; ${s.trips.turns} in all, on ${s.trips.connections} connection(s)): ${verdict(s.trips.passed)}`,
          )
          .join("; ") +
        ".",
    );
  }
  return lines.map((l) => `- ${l}`).join("\n");
}

export function edcSection(edc) {
  if (!edc) return "_Not run._";
  if (!edc.backends) return backendSection(edc);
  const parts = edc.backends.map(
    (b) => `### EDC on ${b.name}\n\n${backendSection(b)}` + (goalLines(b) ? `\n\nIssue 10, goal 4:\n\n${goalLines(b)}` : ""),
  );
  if (edc.backends.length < 2) parts.push("_No second EDC backend this run: no PostgreSQL server answered at 127.0.0.1:5432._");
  parts.push(
    "Round trips are counted by the bench's EDC proxy (test/bench/edge/delay-proxy.mjs): a turn is the Worker speaking after the origin has " +
      "spoken, i.e. one request/response exchange however many messages it pipelines; the second of two identical requests is counted (the catalog is " +
      'cached by the first). "On the response\'s path" leaves out COMMIT of the read-only transaction, which follows the last row.',
  );
  return parts.join("\n\n");
}

function backendSection(edc) {
  if (!edc.hasExtract && !edc.hasCsvs) return "_The /edc extract routes were not served when this ran._";
  if (edc.sizes.some((s) => (s.extract && !s.extract.memory) || (s.csvs && !s.csvs.memory)))
    return "_results.json is from an earlier version of the EDC benchmark; run it again._";
  const speed = [];
  const memory = [];
  for (const s of edc.sizes) {
    if (s.extract) {
      speed.push([
        "extract-data cc_event_data (JSON)",
        fmt(s.itemRows),
        fmt(s.extract.rows),
        ms(s.extract.ms),
        fmt(s.extract.rowsPerS),
        fmt(s.psqlRowsPerS),
        ratio(s.extract.ratioToPsql),
        `${fmt(s.extract.mibPerS, 1)} MiB/s of JSON`,
      ]);
      const m = s.extract.memory;
      memory.push([
        "extract-data",
        fmt(s.itemRows),
        MiB(m.idleKiB),
        MiB(m.peakKiB),
        `**${MiB(m.deltaKiB)}**`,
        m.deltas.map((d) => fmt(d / 1024)).join(", "),
        MiB(m.proxyDeltaKiB),
      ]);
    }
    if (s.csvs) {
      speed.push([
        "download-csvs-data (zip of CSVs)",
        fmt(s.itemRows),
        fmt(s.viewRows),
        ms(s.csvs.ms),
        fmt(s.csvs.viewRowsPerS),
        fmt(s.psqlRowsPerS),
        ratio(s.csvs.ratioToPsql),
        `**${fmt(s.csvs.csvMiBPerS, 1)} MiB/s of CSV** end to end (${fmt(s.csvs.csvBytes / 1024 / 1024, 1)} MiB of CSV in ${s.csvs.entries} files, ${fmt(s.csvs.zipBytes / 1024 / 1024, 1)} MiB zip)`,
      ]);
      const m = s.csvs.memory;
      memory.push([
        "download-csvs-data",
        fmt(s.itemRows),
        MiB(m.idleKiB),
        MiB(m.peakKiB),
        `**${MiB(m.deltaKiB)}**`,
        m.deltas.map((d) => fmt(d / 1024)).join(", "),
        MiB(m.proxyDeltaKiB),
      ]);
    }
  }
  let md = table(["Route", "item_data rows", "cc_event_data rows", "time", "rows/s", "psql rows/s", "vs psql", "throughput"], speed);
  md +=
    '\n\npsql: `psql -c "\\copy (select row_to_json(t) from <schema>.cc_event_data t) to stdout"` against the same database, in the same run, ' +
    'right before each API request; "vs psql" is the median of the per-run ratios. rows/s of download-csvs-data counts the cc_event_data rows of the ' +
    "same data (the zip holds one CSV per event × CRF, with every item_data row of the study); its MiB/s of CSV is the uncompressed size of the " +
    "zip's entries (from its central directory) over the request's wall time, to compare with the zip microbenchmark below.\n\n";
  md += table(
    [
      "Route",
      "item_data rows",
      "Worker runtime idle RSS",
      "first-run peak RSS",
      "peak − idle",
      "peak − idle of each run (MiB)",
      "wrangler proxy: peak − idle",
    ],
    memory,
  );
  md +=
    `\n\nMemory: each of the ${edc.sizes[0].runs.length} runs of each route and size is the first request of a freshly started \`wrangler dev\` ` +
    "(a process's RSS does not shrink after earlier work, so later requests in one process would show the high-water mark of earlier ones). " +
    "VmRSS of wrangler's two workerd processes is read before the request (idle) and sampled every 100 ms during it; the figures are the Worker runtime's " +
    "(the workerd that does not listen on the dev port), medians over the runs. wrangler's proxy workerd, which forwards the response and keeps " +
    "what it forwarded, is shown apart: production has no such proxy.";
  if (edc.verdicts) {
    const g = edc.memoryGrowth;
    md +=
      `\n\nVerdict, memory does not grow with the row count (the issue asks for 100k vs 1M; both are shown): between two sizes it passes when the median ` +
      `peak − idle at the larger size is at most ${g.factor}× the smaller size's, or within ${fmt(g.slackKiB / 1024)} MiB of it (memory proportional to rows would ` +
      "grow with the row ratio). The pair of the two largest sizes decides: a request of a few seconds ends before the Worker runtime's heap has grown to " +
      "the size it keeps under a steady allocation rate (traced once per second over a long request, RSS rises, then saw-tooths at a plateau as the garbage " +
      "collector runs), so a short smallest run understates the steady state that every longer request shares.\n\n" +
      `- ${memoryLine("extract-data", edc.verdicts.extract)}\n- ${memoryLine("download-csvs-data", edc.verdicts.csvs)}`;
  }
  return md;
}

export function zipSection(zip, edc) {
  if (!zip) return "_Not run._";
  const rows = zip.modes.map((m) => [
    m.mode === "store"
      ? "store (ZipPassThrough, CRC only)"
      : m.mode === "fflate"
        ? "fflate ZipDeflate level 6"
        : 'native CompressionStream("deflate-raw")',
    `${fmt(m.mibPerS, 1)} MiB/s`,
    ms(m.ms),
    `${fmt(m.outRatio * 100, 1)}%`,
  ]);
  let md =
    `${fmt(zip.inBytes / 1024 / 1024, 0)} MiB of CSV text in 64 KiB chunks through \`zipEntry(name, mode)\` (src/lib/zip-entry.ts) and fflate's \`Zip\`, ` +
    `inside workerd (\`test/bench/zip-throughput.bench-run.ts\` via \`test/bench/vitest.bench.config.mts\`; median of ${zip.runs} runs).\n\n` +
    table(["Mode", "throughput (input)", "time", "output / input"], rows);
  const e2e = edc?.sizes?.filter((s) => s.csvs?.csvMiBPerS);
  if (e2e?.length)
    md += `\n\nEnd to end, download-csvs-data produced ${e2e.map((s) => `${fmt(s.csvs.csvMiBPerS, 1)} MiB/s of CSV at ${fmt(s.itemRows)} rows`).join(" and ")} (EDC table above): reading PostgreSQL, building the CSVs, zipping and storing to R2 together.`;
  return md;
}

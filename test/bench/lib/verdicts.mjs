// What makes a finished area a failed measurement beyond its own `flagged`: a verdict that did not
// pass, or a figure that could not be taken. `npm run bench` then exits non-zero, so a run that
// rewrites RESULTS.md with a failed verdict or a missing figure is never mistaken for a clean one.

/** The reasons an area's result fails the run (empty when it passes). */
export function verdictFailures(area, result) {
  if (!result) return [];
  const out = [];
  if (result.failed) out.push(result.failed);
  if (area === "flask") {
    if (result.memory?.pass === false) out.push(`extract-data-to-json memory grew ${result.memory.growth.toFixed(2)}× with the rows`);
    if (result.getLogs?.pass === false) out.push(`get-logs deep page ${result.getLogs.ratio.toFixed(2)}× the first`);
  }
  if (area === "commcare") {
    if (result.cases?.verdict?.passed === false) out.push(`case deep page ${result.cases.verdict.ratio.toFixed(2)}× the first`);
    if (result.cases && !result.cases.samePage) out.push("offset and cursor deep pages differ");
    for (const note of result.notes ?? []) out.push(`not measured: ${note}`);
  }
  if (area === "edc") {
    for (const route of ["extract", "csvs"]) {
      const decisive = result.verdicts?.[route]?.decisive;
      if (decisive && !decisive.passed)
        out.push(
          `${route} memory grew from ${Math.round(decisive.smallKiB / 1024)} to ${Math.round(decisive.largeKiB / 1024)} MiB with the rows`,
        );
    }
  }
  return out;
}

// D1 statements per token-authenticated request on a KV cache hit. wrangler dev exposes no per-query counter
// and the bench adds nothing to production code, so this runs the suite's test that wraps env.DB in a counting
// proxy (test/platform/auth-kv-hit-d1-queries.test.ts) and reports the counts it measured and asserted.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

export const AUTH_D1_TEST = "test/platform/auth-kv-hit-d1-queries.test.ts";

export async function runAuthD1Count(ctx) {
  const outFile = ".data/bench/auth-d1.json";
  rmSync(outFile, { force: true });
  // The default reporter beside the JSON one: it prints the test's console lines, which carry the counts.
  const r = spawnSync("npx", ["vitest", "run", AUTH_D1_TEST, "--reporter=json", "--reporter=default", `--outputFile.json=${outFile}`], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
    timeout: 300_000,
  });
  let tests = [];
  try {
    const report = JSON.parse(readFileSync(outFile, "utf8"));
    tests = report.testResults.flatMap((f) => f.assertionResults.map((a) => ({ title: a.title, status: a.status })));
  } catch {
    ctx.log(r.stdout?.slice(-2000) ?? "");
  }
  // The counts the test measured (it prints them after asserting them).
  const counts = /AUTH_D1_COUNTS (\{.*\})/.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`);
  const measured = counts ? JSON.parse(counts[1]) : null;
  const passed = tests.length > 0 && tests.every((t) => t.status === "passed") && measured !== null;
  ctx.log(`  ${AUTH_D1_TEST}: ${passed ? "passed" : "FAILED"}${measured ? ` (${JSON.stringify(measured)})` : ", no counts printed"}`);
  return {
    test: AUTH_D1_TEST,
    passed,
    tests,
    middlewareQueriesOnKvHit: measured?.middlewarePerRequest ?? null,
    authSelfQueriesOnKvHit: measured?.authSelfPerRequest ?? null,
  };
}

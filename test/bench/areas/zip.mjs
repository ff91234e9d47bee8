// Zip throughput inside workerd: test/bench/zip-throughput.bench-run.ts through its own vitest config.
import { spawnSync } from "node:child_process";
import { median } from "../lib/stats.mjs";

export async function runZip(ctx) {
  const r = spawnSync("npx", ["vitest", "run", "--config", "test/bench/vitest.bench.config.mts"], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
    timeout: 600_000,
  });
  const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.includes("BENCH_JSON "));
  if (!line) throw new Error(`zip bench printed no result (exit ${r.status}):\n${r.stdout.slice(-1500)}`);
  const data = JSON.parse(line.slice(line.indexOf("BENCH_JSON ") + 11));
  const modes = Object.entries(data.results).map(([mode, v]) => {
    const ms = median(v.runsMs);
    return { mode, ms, mibPerS: data.inBytes / 1024 / 1024 / (ms / 1000), outRatio: v.outBytes / data.inBytes, runsMs: v.runsMs };
  });
  for (const m of modes) ctx.log(`  ${m.mode}: ${m.mibPerS.toFixed(1)} MiB/s, output ${(m.outRatio * 100).toFixed(1)}%`);
  return { inBytes: data.inBytes, runs: data.runs, modes };
}

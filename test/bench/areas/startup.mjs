// The Worker's own start-up CPU: `wrangler check startup --workerBundle <upload bundle>` runs the bundle's
// top-level code in a local workerd under the V8 profiler and writes a .cpuprofile; its total profiled time
// is the sum of the sample deltas. Several runs, median reported.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { stackEnv } from "../../../scripts/lib/stack.mjs";
import { median } from "../lib/stats.mjs";

/** Total profiled time (ms) and sample count of a V8 .cpuprofile. */
export function profiledMs(profile) {
  const deltas = profile.timeDeltas ?? [];
  return { ms: deltas.reduce((a, b) => a + b, 0) / 1000, samples: deltas.length, spanMs: (profile.endTime - profile.startTime) / 1000 };
}

export async function runStartup(ctx) {
  const bundle = ctx.bundle?.uploadBundle;
  if (!bundle) {
    return { skipped: "no upload bundle (BENCH_BUNDLE without a worker.bundle from `wrangler deploy --dry-run --outfile` beside it)" };
  }
  const dir = `${ctx.dir}/startup`;
  mkdirSync(dir, { recursive: true });
  const runs = [];
  for (let i = 0; i < Math.max(5, ctx.runs); i++) {
    const outfile = `${dir}/startup-${i + 1}.cpuprofile`;
    rmSync(outfile, { force: true });
    const t0 = performance.now();
    const r = spawnSync("npx", ["wrangler", "check", "startup", "--workerBundle", bundle, "--outfile", outfile], {
      env: { ...stackEnv, CI: "true" },
      encoding: "utf8",
      timeout: 120_000,
    });
    const wallMs = performance.now() - t0;
    let profile;
    try {
      profile = JSON.parse(readFileSync(outfile, "utf8"));
    } catch {
      const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
      const reason =
        out
          .split("\n")
          .find((l) => /ERROR|Error/.test(l))
          ?.replace(/\x1b\[[0-9;]*m/g, "")
          .trim() ?? `exit ${r.status}`;
      return { failed: `\`wrangler check startup\` wrote no profile (${reason})`, runs };
    }
    const p = profiledMs(profile);
    runs.push({ ...p, wallMs });
    ctx.log(
      `  wrangler check startup run ${i + 1}: ${p.ms.toFixed(1)} ms profiled (${p.samples} samples), command ${Math.round(wallMs)} ms`,
    );
  }
  return {
    bundle,
    runs,
    cpuMs: median(runs.map((r) => r.ms)),
    samples: median(runs.map((r) => r.samples)),
    commandMs: median(runs.map((r) => r.wallMs)),
  };
}

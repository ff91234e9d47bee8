// Seeds a wrangler local state other than the default one (benchmarks, load test): the demo seed, then,
// when asked, bulk benchmark data written straight into D1 through wrangler's platform proxy (no routes,
// no audit rows: this is benchmark data, not application writes).
//
//   node --import tsx scripts/bench/seed.ts --persist-to .data/bench/wrangler \
//     [--edc-study cc_bench_100k] [--device-logs 200000] [--cases 100000] [--billing-month 2026-11]
//
// --billing-month runs the monthly billing job (the cron's own code) for that month, so the bench's
// download-billing-reports has reports to zip; re-running a month replaces its files.
//
// Prints one JSON line `[bench-seed] {...}` with what it found and added. Idempotent: bulk data is only
// added up to the requested count.
import { getPlatformProxy } from "wrangler";
import type { Env } from "../../src/env";
import { runBillingJob } from "../../src/flask/billing/job";
import { seedDemo } from "../../src/seed";
import { bulkLoaders, ensureEdcStudy } from "./d1-bulk";

function parseArgs(argv: string[]) {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    (out[a.slice(2)] ??= []).push(v);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const persistTo = args["persist-to"]?.[0];
if (!persistTo) throw new Error("--persist-to is required");

process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_EDC ??= "postgres://unused:unused@127.0.0.1:9/unused";
const proxy = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: `${persistTo}/v3` }, remoteBindings: false });
try {
  const report: Record<string, unknown> = { demo: await seedDemo(proxy.env) };
  for (const dbname of args["edc-study"] ?? []) report[`study:${dbname}`] = await ensureEdcStudy(proxy.env.DB, dbname);
  for (const [name, loader] of Object.entries(bulkLoaders)) {
    const wanted = args[name]?.[0];
    if (wanted !== undefined) report[name] = await loader(proxy.env.DB, Number(wanted));
  }
  for (const month of args["billing-month"] ?? []) {
    const run = await runBillingJob(proxy.env, month);
    report[`billing:${month}`] = { customers: run.customers.length, files: run.customers.reduce((n, c) => n + c.files.length, 0) };
  }
  console.log(`[bench-seed] ${JSON.stringify(report)}`);
} finally {
  await proxy.dispose();
}

// `npm run test:load`: starts the local stack (fresh wrangler state, in-memory PGlite EDC or a fresh database
// on EDC_DATABASE_URL's server) on a free loopback port, sends LOAD_TOTAL (20,000) mixed requests at
// LOAD_CONCURRENCY (64) from a separate process (test/load/client.mjs), then checks:
//   - no response is a 5xx, and no request failed at the network level;
//   - no write was lost: every device log and CommCare form answered 201 is there when read back through the API.
// Prints a summary and exits non-zero on failure. Aborts after LOAD_MAX_MINUTES (15).
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startBenchStack } from "../bench/lib/bench-stack.mjs";
import { servedRoutes } from "../bench/lib/routes.mjs";

const total = Number(process.env.LOAD_TOTAL ?? 20_000);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 64);
const maxMs = Number(process.env.LOAD_MAX_MINUTES ?? 15) * 60_000;
const startedAt = Date.now();
const log = (s) => console.log(`[load ${new Date().toISOString().slice(11, 19)}] ${s}`);

mkdirSync(".data/load", { recursive: true });
const dir = mkdtempSync(".data/load/run-");
let stack;
let client;
let finished = false;

async function shutdown(code) {
  if (finished) return;
  finished = true;
  if (client && client.exitCode === null) client.kill("SIGKILL");
  await stack?.stop().catch(() => undefined);
  if (code === 0) rmSync(dir, { recursive: true, force: true });
  else console.log(`[load] state and wrangler log kept in ${dir}`);
  process.exit(code);
}
const watchdog = setTimeout(() => {
  log(`ABORT: not finished after ${maxMs / 60_000} minutes`);
  void shutdown(2);
}, maxMs);
process.on("SIGINT", () => void shutdown(130));
process.on("SIGTERM", () => void shutdown(143));

try {
  stack = await startBenchStack({
    dir,
    fresh: true,
    logLevel: "log", // the Worker's own error lines land in the kept log when something fails
    vars: { RATE_LIMIT_PER_MINUTE: "100000000", COMMCARE_RATE_LIMIT_PER_MINUTE: "100000000" },
    log,
  });
  log(
    `stack up at ${stack.base} in ${Math.round(stack.timings.wranglerToFirst200Ms)} ms; sending ${total} requests at concurrency ${concurrency}`,
  );
  const routes = [...(await servedRoutes(stack.base))];
  const cfg = {
    base: stack.base,
    total,
    concurrency,
    deadlineMs: startedAt + maxMs - 60_000,
    routes,
    only: process.env.LOAD_ONLY?.split(","),
  };
  client = spawn(process.execPath, [fileURLToPath(new URL("./client.mjs", import.meta.url)), JSON.stringify(cfg)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  client.stdout.on("data", (b) => (out += b));
  const code = await new Promise((r) => client.on("exit", r));
  if (code !== 0) throw new Error(`load client exited with ${code}`);
  const result = JSON.parse(out.trim().split("\n").pop());

  console.log("");
  console.log(
    `Load test: ${result.sent} requests in ${result.seconds.toFixed(1)} s (${Math.round(result.sent / result.seconds)} req/s), concurrency ${concurrency}, run ${result.runId}`,
  );
  console.log("kind                     count   p50 ms   p99 ms  statuses");
  let fiveXx = 0;
  let networkErrors = 0;
  let unexpected = 0;
  let proxy503 = 0;
  let proxy503Twice = 0;
  for (const [k, v] of Object.entries(result.kinds)) {
    const codes = Object.entries(v.statuses)
      .map(([s, n]) => `${s}:${n}`)
      .join(" ");
    for (const [s, n] of Object.entries(v.statuses)) {
      if (Number(s) >= 500) fiveXx += n;
    }
    networkErrors += v.errors;
    proxy503 += v.proxy503;
    proxy503Twice += v.proxy503Twice;
    const okCount = Object.entries(v.statuses)
      .filter(([s]) => Number(s) < 300)
      .reduce((n, [, c]) => n + c, 0);
    unexpected +=
      v.count -
      okCount -
      v.errors -
      v.proxy503Twice -
      Object.entries(v.statuses)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0);
    const proxyNote = v.proxy503
      ? ` (wrangler-proxy-503 then resent: ${v.proxy503}${v.proxy503Twice ? `, 503 again: ${v.proxy503Twice}` : ""})`
      : "";
    console.log(
      `${k.padEnd(24)} ${String(v.count).padStart(5)} ${v.p50.toFixed(1).padStart(8)} ${v.p99.toFixed(1).padStart(8)}  ${codes}${proxyNote}${v.errors ? ` network-errors:${v.errors}` : ""}`,
    );
  }
  if (result.missing.length) console.log(`not served, left out of the mix: ${result.missing.join(", ")}`);
  for (const s of result.fiveXx) console.log(`  5xx/network sample: ${s.kind} ${s.status} ${s.body}`);
  console.log(`writes: ${JSON.stringify(result.writes)}`);

  const failures = [];
  if (result.aborted) failures.push(`aborted before ${total} requests (time limit)`);
  if (result.sent < total) failures.push(`only ${result.sent} of ${total} requests sent`);
  if (fiveXx) failures.push(`${fiveXx} responses from the Worker were 5xx`);
  // wrangler dev's own proxy 503s ("Your worker restarted mid-request", workers-sdk#14641) never reached the Worker
  // (no X-Request-Id); each was sent once more (client.mjs). One that failed again is a failure, and so is any write
  // the Worker made without the client hearing of it (that would mean a "proxy 503" had run after all).
  if (proxy503Twice) failures.push(`${proxy503Twice} requests got wrangler dev's proxy 503 twice`);
  if (proxy503) console.log(`wrangler dev proxy 503s (workers-sdk#14641, not from the Worker), each sent once more: ${proxy503}`);
  for (const [what, w] of Object.entries(result.writes)) {
    if (w?.unacknowledged) failures.push(`${w.unacknowledged} ${what} writes were made without a 201 to the client`);
  }
  if (networkErrors) failures.push(`${networkErrors} requests failed at the network level`);
  if (unexpected) failures.push(`${unexpected} responses were 3xx/4xx`);
  for (const [what, w] of Object.entries(result.writes)) {
    if (w?.lost) failures.push(`${w.lost} ${what} writes answered 201 are missing when read back`);
  }
  if (result.writes.readBackError) failures.push(`the writes could not be read back: ${result.writes.readBackError}`);
  if (!Object.keys(result.writes).length) failures.push("no write route was served, so no write was checked");
  console.log("");
  if (failures.length) {
    console.log(`LOAD TEST FAILED: ${failures.join("; ")}`);
    await shutdown(1);
  } else {
    console.log(
      `load test passed: 0 5xx, 0 lost writes (${Object.entries(result.writes)
        .map(([k, w]) => `${k} ${w.created201}`)
        .join(", ")})`,
    );
    await shutdown(0);
  }
} catch (err) {
  console.error(`[load] ${err.stack ?? err}`);
  await shutdown(1);
} finally {
  clearTimeout(watchdog);
}

// Runs autocannon in a child process (test/bench/lib/autocannon-child.mjs) and returns its summary.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const child = fileURLToPath(new URL("./autocannon-child.mjs", import.meta.url));

/**
 * `opts`: autocannon options (url, connections, duration, method, headers, body, requests…).
 * Resolves to { rps, p50, p99, mean, total, non2xx, errors, timeouts, statusCodeStats }.
 */
export function loadTest(opts, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, JSON.stringify(opts)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (b) => (out += b));
    const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()));
      } catch (e) {
        reject(e);
      }
    });
  });
}

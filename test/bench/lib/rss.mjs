// Samples the resident set size (VmRSS) of the workerd processes under wrangler every `intervalMs`.
import { readFileSync } from "node:fs";
import { workerdPid, descendants } from "../../../scripts/lib/stack.mjs";

const rssKiB = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};

/** Current VmRSS in KiB of each workerd process under `rootPid`: [{pid, kib}]. */
export const workerdRss = (rootPid) =>
  descendants(rootPid)
    .filter((p) => p.comm === "workerd")
    .map((p) => ({ pid: p.pid, kib: rssKiB(p.pid) }));

/**
 * Starts sampling; `stop()` returns { peakKiB (largest single workerd), peakSumKiB (all workerd processes),
 * peaks ({pid: peak KiB} of each workerd), samples }.
 * wrangler dev runs two workerd processes (its proxy and the Worker runtime): see workerdRoles.
 */
export function sampleRss(rootPid, intervalMs = 100) {
  const pids = descendants(rootPid)
    .filter((p) => p.comm === "workerd")
    .map((p) => p.pid);
  if (!pids.length && workerdPid(rootPid) === null) throw new Error("no workerd process under wrangler");
  let peak = 0;
  let peakSum = 0;
  let samples = 0;
  const peaks = Object.fromEntries(pids.map((pid) => [pid, 0]));
  const tick = () => {
    let sum = 0;
    for (const pid of pids) {
      const k = rssKiB(pid);
      sum += k;
      if (k > peak) peak = k;
      if (k > peaks[pid]) peaks[pid] = k;
    }
    if (sum > peakSum) peakSum = sum;
    samples++;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peakKiB: peak, peakSumKiB: peakSum, peaks, samples };
    },
  };
}

/**
 * wrangler dev's two workerd processes: its proxy listens on the dev port (`--socket-addr=entry=127.0.0.1:<port>`)
 * and forwards to the Worker runtime. The proxy's RSS grows with the bytes it forwards and keeps them, so the
 * Worker's memory is the runtime's alone; production has no such proxy.
 */
export function workerdRoles(rootPid, port) {
  const pids = descendants(rootPid)
    .filter((p) => p.comm === "workerd")
    .map((p) => p.pid);
  const isProxy = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`entry=127.0.0.1:${port}`);
    } catch {
      return false;
    }
  };
  const proxy = pids.find(isProxy) ?? null;
  const runtime = pids.find((p) => p !== proxy) ?? null;
  if (runtime === null) throw new Error("no Worker runtime workerd under wrangler");
  return { runtime, proxy };
}

/**
 * RSS of one request on a workerd that has just started, from `idle` ({pid: KiB} before it) and the sampler's
 * result after: the Worker runtime's idle RSS, first-request peak and the delta between them, and the proxy's delta.
 */
export function firstRunMemory(idle, sampled, { runtime, proxy }) {
  const peakOf = (pid) => Math.max(sampled.peaks[pid] ?? 0, idle[pid] ?? 0);
  const idleKiB = idle[runtime] ?? NaN;
  const peakKiB = peakOf(runtime);
  return { idleKiB, peakKiB, deltaKiB: peakKiB - idleKiB, proxyDeltaKiB: proxy ? peakOf(proxy) - (idle[proxy] ?? NaN) : null };
}

/** {pid: KiB} of every workerd under `rootPid` right now. */
export const idleRss = (rootPid) => Object.fromEntries(workerdRss(rootPid).map((p) => [p.pid, p.kib]));

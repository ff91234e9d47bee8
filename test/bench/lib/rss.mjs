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
export const workerdRss = (rootPid) => descendants(rootPid).filter((p) => p.comm === "workerd").map((p) => ({ pid: p.pid, kib: rssKiB(p.pid) }));

/**
 * Starts sampling; `stop()` returns { peakKiB (largest single workerd), peakSumKiB (all workerd processes), peakByPid, samples }.
 * wrangler dev runs two workerd processes (its proxy and the Worker runtime); the Worker's is the larger one at idle,
 * but the proxy's grows with the bytes it forwards and keeps them (test/bench/areas/flask.mjs tells the two apart).
 */
export function sampleRss(rootPid, intervalMs = 100) {
  const pids = descendants(rootPid).filter((p) => p.comm === "workerd").map((p) => p.pid);
  if (!pids.length && workerdPid(rootPid) === null) throw new Error("no workerd process under wrangler");
  let peak = 0;
  let peakSum = 0;
  let samples = 0;
  const peakByPid = {};
  const tick = () => {
    let sum = 0;
    for (const pid of pids) {
      const k = rssKiB(pid);
      sum += k;
      if (k > peak) peak = k;
      if (k > (peakByPid[pid] ?? 0)) peakByPid[pid] = k;
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
      return { peakKiB: peak, peakSumKiB: peakSum, peakByPid, samples };
    },
  };
}

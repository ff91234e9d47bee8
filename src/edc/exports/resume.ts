import type { Env } from "../../env";
import type { JobRow } from "./queries";

/** A queued or running job that has not moved for this long (EXPORT_STALL_SECONDS) is nudged when its owner reads it. */
export const stallMs = (env: Env) => (Number(env.EXPORT_STALL_SECONDS) || 30) * 1000;

/**
 * Wakes a job's Workflow instance after the process running it was killed. On Cloudflare the platform
 * resumes instances by itself, and `create` with the job's (existing) id is refused: a no-op. Under
 * `wrangler dev`, an instance whose process died stays "running" with nobody driving it (the local
 * engine keeps no alarm), and `create` with its id makes the engine replay it: finished steps from their
 * stored results, so it goes on from the first slice not yet done, with no slice written twice.
 */
export async function nudgeIfStalled(env: Env, job: JobRow, now = Date.now()): Promise<boolean> {
  if (job.status !== "queued" && job.status !== "running") return false;
  const moved = Date.parse(job.progressedAt ?? job.startedAt ?? job.createdAt);
  if (now - moved < stallMs(env)) return false;
  await env.EXPORTS.create({ id: job.id, params: { jobId: job.id } }).catch(() => undefined);
  return true;
}

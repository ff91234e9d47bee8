import { BASE, call, get } from "./http";
import { demoToken } from "./edc";

export interface Job {
  id: string;
  status: string;
  rows: number;
  bytes: number;
  parts: number;
  retries: number;
  error?: string;
  download?: string;
  [key: string]: unknown;
}

/** POST /edc/exports (or another job-starting path) as the Demo API user unless told otherwise. */
export async function startExport(body: unknown, opts: { token?: string; edc?: string; path?: string } = {}) {
  return call("POST", opts.path ?? "/edc/exports", body, { token: opts.token ?? (await demoToken()), edc: opts.edc ?? "cc_demo" });
}

export async function jobOf(id: string, token?: string): Promise<Job> {
  const res = await get(`/edc/exports/${id}`, { token: token ?? (await demoToken()) });
  if (res.status !== 200) throw new Error(`GET job ${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Job;
}

/** Polls GET /edc/exports/{id} until the job leaves queued/running (or `until` says stop). */
export async function waitForJob(
  id: string,
  opts: { timeoutMs?: number; token?: string; until?: (job: Job) => boolean } = {},
): Promise<Job> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    const job = await jobOf(id, opts.token);
    if (opts.until ? opts.until(job) : !["queued", "running"].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} (${JSON.stringify(job)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fetches a job's signed download link, without a token, as a mail recipient would. */
export const fetchDownload = (link: string) => get(link.slice(BASE.length));

import { EmailMessage } from "cloudflare:email";
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import { d1, type D1Db } from "../../db/d1";
import { edcClient, edcTarget, type EdcSql, type EdcTarget } from "../../db/edc";
import type { Env } from "../../env";
import { auditedBatch } from "../../lib/audit";
import { Problem } from "../../lib/problem";
import { signedDownloadUrl } from "../../lib/signed-link";
import { readOnlyTransaction } from "../stream";
import { jobAuditContext, jobSummary } from "./audit";
import { messageIdFor, rawMail } from "./mime";
import { exportMail, mailLinkTtl } from "./notify";
import type { ExportPlan } from "./plan";
import { insertNotification, jobById, sentNotifications, updateJob, type JobRow } from "./queries";
import { flaskPages } from "../../flask/exports/pages";
import { edcPages, initialState, isFinished, produceSlice, type SliceState } from "./slice";

export interface ExportParams {
  jobId: string;
}

/** A slice is retried from its own start: the EDC or R2 failing for a moment costs one slice, not the job. */
const SLICE_STEP: WorkflowStepConfig = { retries: { limit: 5, delay: "2 seconds", backoff: "exponential" }, timeout: "10 minutes" };
const SHORT_STEP: WorkflowStepConfig = { retries: { limit: 5, delay: "1 second", backoff: "exponential" }, timeout: "2 minutes" };

const now = () => new Date().toISOString();

/** Writes a job's change with its audit row (one D1 batch); `false` when the job had already left `onlyIf`. */
async function auditedUpdate(db: D1Db, job: JobRow, set: Partial<JobRow>, action: string, onlyIf?: string[]): Promise<boolean> {
  const [result] = (await auditedBatch(db, jobAuditContext(job), () => ({
    statements: [updateJob(db, job.id, set, onlyIf)],
    entries: [{ action, entity: "export_job", entityId: job.id, before: jobSummary(job), after: jobSummary({ ...job, ...set }) }],
  }))) as [D1Result | undefined];
  return (result?.meta?.changes ?? 0) > 0;
}

/**
 * One export job: start the R2 multipart upload, then one step per slice (each uploads exactly one
 * part and returns where the next starts), complete the upload, and mail the link. A cancelled job
 * is noticed at the next slice and its upload aborted. A slice that still fails after its retries
 * fails the job (its upload aborted, the error kept on the job).
 */
export class ExportWorkflow extends WorkflowEntrypoint<Env, ExportParams> {
  private sql: EdcSql | undefined;

  override async run(event: WorkflowEvent<ExportParams>, step: WorkflowStep) {
    const { jobId } = event.payload;
    const db = d1(this.env.DB);
    const uploadId = await step.do("start", SHORT_STEP, async () => {
      const job = await jobById(db, jobId);
      if (!job || job.status !== "queued") return null;
      const plan = JSON.parse(job.plan) as ExportPlan;
      const upload = await this.env.FILES.createMultipartUpload(job.r2Key, {
        httpMetadata: { contentType: plan.contentType, contentDisposition: `attachment; filename="${job.fileName}"` },
      });
      const started = await auditedUpdate(
        db,
        job,
        { status: "running", startedAt: now(), progressedAt: now(), uploadId: upload.uploadId },
        "export.start",
        ["queued"],
      );
      if (!started) await upload.abort();
      return started ? upload.uploadId : null;
    });
    if (!uploadId) return;

    let state = initialState();
    try {
      for (let i = 1; !isFinished(state); i++) {
        const prev = state;
        const next = await step.do(`slice ${i}`, SLICE_STEP, (ctx) => this.slice(jobId, uploadId, prev, ctx.attempt));
        if (!next) return;
        state = next;
      }
      const done = await step.do("complete", SHORT_STEP, () => this.complete(jobId, uploadId, state));
      if (done) await step.do("notify", SHORT_STEP, () => this.notify(jobId));
    } catch (err) {
      await step.do("fail", SHORT_STEP, () => this.fail(jobId, uploadId, err));
    }
  }

  /** One slice, or null when the job is no longer running (cancelled): then its upload is aborted. */
  private async slice(jobId: string, uploadId: string, prev: SliceState, attempt: number): Promise<SliceState | null> {
    const db = d1(this.env.DB);
    const job = await jobById(db, jobId);
    const upload = this.env.FILES.resumeMultipartUpload(job?.r2Key ?? "", uploadId);
    if (!job || job.status !== "running") {
      await upload.abort().catch(() => undefined);
      return null;
    }
    const plan = JSON.parse(job.plan) as ExportPlan;
    let next: SliceState;
    if (plan.store === "flask") next = await produceSlice(flaskPages(this.env), plan, upload, prev);
    else {
      const target = edcTarget(this.env, job.dbname);
      if (!target) throw new Error(`The EDC database ${job.dbname} is no longer configured.`);
      next = await readOnlyTransaction(this.edc(target), (tx) => produceSlice(edcPages(tx), plan, upload, prev));
    }
    await updateJob(
      db,
      jobId,
      { rows: next.rows, bytes: next.uploaded, parts: next.parts.length, retries: job.retries + attempt - 1, progressedAt: now() },
      ["running"],
    );
    return next;
  }

  /**
   * One EDC client for the whole run, its connections never idled out: a step reuses the previous
   * step's connection instead of opening more. They close with the run. (Closing them from here,
   * with end(), trips postgres.js 3.4.9 on Workers: the socket's pending read rejects after its
   * listeners are gone, an unhandled rejection.)
   */
  private edc(target: EdcTarget): EdcSql {
    this.sql ??= edcClient({ ...this.env, EDC_POOL_MAX: "1" }, target, { idleTimeout: 0 });
    return this.sql;
  }

  private async complete(jobId: string, uploadId: string, state: SliceState): Promise<boolean> {
    const db = d1(this.env.DB);
    const job = await jobById(db, jobId);
    const upload = this.env.FILES.resumeMultipartUpload(job?.r2Key ?? "", uploadId);
    if (!job || job.status !== "running") {
      await upload.abort().catch(() => undefined);
      return false;
    }
    const object = await upload.complete(state.parts);
    const done = await auditedUpdate(
      db,
      job,
      { status: "done", finishedAt: now(), rows: state.rows, bytes: object.size, parts: state.parts.length },
      "export.done",
      ["running"],
    );
    if (!done) await this.env.FILES.delete(job.r2Key);
    return done;
  }

  /** Mails the link to every recipient not mailed yet (a retried step skips those already sent). */
  private async notify(jobId: string): Promise<number> {
    const db = d1(this.env.DB);
    const job = await jobById(db, jobId);
    const emails = (JSON.parse(job?.notify ?? "null") as { emails: string[] } | null)?.emails ?? [];
    if (!job || emails.length === 0) return 0;
    const plan = JSON.parse(job.plan) as ExportPlan;
    const sent = new Set((await sentNotifications(db, jobId)).map((n) => n.recipient));
    const ttl = mailLinkTtl(this.env);
    const issued = Date.now();
    const link = await signedDownloadUrl(plan.origin, this.env.DOWNLOAD_SECRET, job.id, job.fileName, ttl, issued);
    const { subject, text } = exportMail(job, link, new Date(issued + ttl * 1000));
    const from = this.env.EXPORT_EMAIL_FROM ?? "exports@trialedge.example";
    for (const to of emails.filter((e) => !sent.has(e))) {
      const messageId = messageIdFor(jobId, from);
      await this.env.EMAIL.send(new EmailMessage(from, to, rawMail({ from, to, subject, text, messageId, date: new Date() })));
      await auditedBatch(db, jobAuditContext(job), () => ({
        statements: [insertNotification(db, { jobId, recipient: to, subject, body: text, messageId, sentAt: now() })],
        entries: [{ action: "export.notify", entity: "export_job", entityId: jobId, after: { recipient: to, messageId } }],
      }));
    }
    return emails.length - sent.size;
  }

  private async fail(jobId: string, uploadId: string, err: unknown): Promise<void> {
    const db = d1(this.env.DB);
    const job = await jobById(db, jobId);
    await this.env.FILES.resumeMultipartUpload(job?.r2Key ?? "", uploadId)
      .abort()
      .catch(() => undefined);
    if (!job) return;
    const message = err instanceof Problem ? err.detail : err instanceof Error ? err.message : String(err);
    await auditedUpdate(db, job, { status: "failed", finishedAt: now(), error: message.slice(0, 500) }, "export.fail");
  }
}

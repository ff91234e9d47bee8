import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { and, eq, inArray, sql } from "drizzle-orm";
import { callerOf } from "../../auth/middleware";
import type { Caller } from "../../auth/caller";
import { d1 } from "../../db/d1";
import { customers, users } from "../../db/schema/foundation";
import type { AppEnv } from "../../env";
import { auditedBatch, callerAuditContext } from "../../lib/audit";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { errorFields } from "../../lib/logger";
import { badRequest, notFound, Problem } from "../../lib/problem";
import { downloadKey, signedDownloadUrl } from "../../lib/signed-link";
import { edcOf } from "../context";
import { jobSummary } from "./audit";
import { prepareExport, type PreparedExport } from "./prepare";
import { nudgeIfStalled } from "./resume";
import { cancelStatement, insertJob, ownJob, ownJobs, updateJob, type JobRow } from "./queries";
import type * as routes from "./routes";
import type { ExportCreateInput } from "./schemas";

/** Customer feature that lets export mails go to addresses outside the customer's own users. */
export const ANY_ADDRESS_FEATURE = "export_email_any_address";
const DEFAULT_DOWNLOAD_TTL = 900;

const selfLink = (c: Context<AppEnv>, id: string) => `${new URL(c.req.url).origin}/edc/exports/${encodeURIComponent(id)}`;
const missing = () => notFound("export_not_found", "No export job of yours has this id.");

/** Recipients must be the customer's own users unless the customer allows any address. */
async function checkRecipients(c: Context<AppEnv>, caller: Caller, emails: string[], path: string) {
  const db = d1(c.env.DB);
  const lower = emails.map((e) => e.toLowerCase());
  const [customer, known] = await db.batch([
    db.select({ features: customers.features }).from(customers).where(eq(customers.id, caller.customerId)),
    db
      .select({ email: sql<string>`lower(${users.email})` })
      .from(users)
      .where(and(eq(users.customerId, caller.customerId), inArray(sql`lower(${users.email})`, lower))),
  ]);
  let features: Record<string, unknown> = {};
  try {
    features = JSON.parse(customer[0]?.features ?? "{}");
  } catch {
    // A malformed features column allows nothing extra.
  }
  if (features[ANY_ADDRESS_FEATURE] === true) return;
  const ok = new Set(known.map((r) => r.email));
  const errors = lower.flatMap((e, i) => (ok.has(e) ? [] : [{ path: `${path}/${i}`, message: "not a user of your organisation" }]));
  if (errors.length) {
    throw new Problem(
      403,
      "recipient_not_allowed",
      `${errors.length} recipient(s) are not users of your organisation, and it does not allow other addresses.`,
      errors,
    );
  }
}

/** The `dbname` of jobs of Flask zips (src/flask/exports), which read D1 and R2, no EDC. */
export const FLASK_DBNAME = "flask";

/** Prepares the job inside this request (so a bad body is a 400 and nothing is stored), then stores and starts it. */
async function startJob(c: Context<AppEnv>, input: ExportCreateInput, paths: { recipients: string; params: string }) {
  const caller = callerOf(c);
  const emails = input.notify ? [...new Set(input.notify.emails.map((e) => e.toLowerCase()))] : null;
  if (emails) await checkRecipients(c, caller, emails, paths.recipients);
  const prepared = await prepareExport(c, input, paths.params);
  return enqueueJob(c, { kind: input.kind, dbname: edcOf(c).dbname, params: input.params ?? {}, emails }, prepared);
}

/** Stores a prepared job with its audit row (one D1 batch) and starts its Workflow; 503 (the job failed, audited) when it cannot start. */
export async function enqueueJob(
  c: Context<AppEnv>,
  job: { kind: string; dbname: string; params: unknown; emails: string[] | null },
  prepared: PreparedExport,
) {
  const caller = callerOf(c);
  const { plan, fileName } = prepared;
  const { emails } = job;
  const id = crypto.randomUUID();
  const db = d1(c.env.DB);
  const row = {
    id,
    customerId: caller.customerId,
    userId: caller.userId,
    dbname: job.dbname,
    kind: job.kind,
    status: "queued",
    plan: JSON.stringify(plan),
    notify: emails ? JSON.stringify({ emails }) : null,
    fileName,
    r2Key: downloadKey(id, fileName),
    rows: 0,
    bytes: 0,
    parts: 0,
    retries: 0,
    createdAt: new Date().toISOString(),
  };
  await auditedBatch(db, callerAuditContext(c, caller), () => ({
    statements: [insertJob(db, row)],
    entries: [
      {
        action: "export.create",
        entity: "export_job",
        entityId: id,
        after: { ...jobSummary({ ...row, error: null }), params: job.params, notify: emails },
      },
    ],
  }));
  try {
    await c.env.EXPORTS.create({ id, params: { jobId: id } });
  } catch (err) {
    c.get("logger")?.error("export_workflow_start_failed", { id, ...errorFields(err) });
    await auditedBatch(db, callerAuditContext(c, caller), () => ({
      statements: [updateJob(db, id, { status: "failed", error: "The job could not be started.", finishedAt: new Date().toISOString() })],
      entries: [{ action: "export.fail", entity: "export_job", entityId: id, after: { status: "failed" } }],
    }));
    throw new Problem(503, "jobs_unavailable", "Export jobs cannot be started right now. Try again shortly.", undefined, {
      "Retry-After": "30",
    });
  }
  const self = selfLink(c, id);
  return { id, self, recipients: emails?.length };
}

async function resource(c: Context<AppEnv>, job: JobRow) {
  const out: Record<string, unknown> = {
    id: job.id,
    kind: job.kind,
    dbname: job.dbname,
    status: job.status,
    rows: job.rows,
    bytes: job.bytes,
    parts: job.parts,
    retries: job.retries,
    created: job.createdAt,
    started: job.startedAt,
    finished: job.finishedAt,
    links: { self: selfLink(c, job.id) },
  };
  if (job.error) out.error = job.error;
  if (job.status === "done") {
    const ttl = Number(c.env.DOWNLOAD_TTL_SECONDS) || DEFAULT_DOWNLOAD_TTL;
    out.download = await signedDownloadUrl(new URL(c.req.url).origin, c.env.DOWNLOAD_SECRET, job.id, job.fileName, ttl);
  }
  return out as never;
}

export const createExport: RouteHandler<typeof routes.createExport, AppEnv> = async (c) => {
  const { id, self } = await startJob(c, c.req.valid("json"), { recipients: "/notify/emails", params: "/params" });
  return c.json({ id, status: "queued" as const, links: { self } }, 202, { Location: self });
};

export const sendEmailWithStudyData: RouteHandler<typeof routes.sendEmailWithStudyData, AppEnv> = async (c) => {
  const { emails, ...params } = c.req.valid("json");
  const { id, self, recipients } = await startJob(
    c,
    { kind: "download-csvs-data", params, notify: { emails } },
    { recipients: "/emails", params: "" },
  );
  return c.json({ id, status: "queued" as const, links: { self }, recipients }, 202, { Location: self });
};

export const getExport: RouteHandler<typeof routes.getExport, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const job = await ownJob(d1(c.env.DB), c.req.valid("param").id, caller.customerId, caller.userId);
  if (!job) throw missing();
  c.executionCtx.waitUntil(nudgeIfStalled(c.env, job).catch(() => false));
  return c.json(await resource(c, job), 200);
};

export const cancelExport: RouteHandler<typeof routes.cancelExport, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const { id } = c.req.valid("param");
  const job = await ownJob(db, id, caller.customerId, caller.userId);
  if (!job) throw missing();
  const now = new Date().toISOString();
  const [result] = (await auditedBatch(db, callerAuditContext(c, caller), () => ({
    statements: [cancelStatement(db, id, now)],
    entries: [
      {
        action: "export.cancel",
        entity: "export_job",
        entityId: id,
        before: jobSummary(job),
        after: { ...jobSummary(job), status: "cancelled" },
      },
    ],
  }))) as [D1Result | undefined];
  if ((result?.meta?.changes ?? 0) === 0)
    throw new Problem(409, "export_finished", `This export job is already ${job.status}; only a queued or running job can be cancelled.`);
  return c.json(await resource(c, { ...job, status: "cancelled", finishedAt: now }), 200);
};

export const listExports: RouteHandler<typeof routes.listExports, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const { limit, cursor } = c.req.valid("query");
  let after: { created: string; id: string } | null = null;
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (!decoded || decoded.length !== 2 || typeof decoded[0] !== "string" || typeof decoded[1] !== "string") {
      throw badRequest("invalid_cursor", "cursor is not one this API gave out.", [
        { path: "/cursor", message: "invalid cursor", in: "query" },
      ]);
    }
    after = { created: decoded[0], id: decoded[1] };
  }
  const rows = await ownJobs(d1(c.env.DB), caller.customerId, caller.userId, c.get("edc")?.dbname ?? null, limit + 1, after);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null;
  return c.json({ items: await Promise.all(page.map((job) => resource(c, job))), next }, 200);
};

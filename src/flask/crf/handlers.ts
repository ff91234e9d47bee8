import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { badRequest, conflict, notFound } from "../../lib/problem";
import { and, eq, sql } from "drizzle-orm";
import { HTTPException } from "hono/http-exception";
import { forms, formsCrfData, subjects } from "../../db/schema/flask";
import { studies } from "../../db/schema/foundation";
import { scopeOf, studyChecked, studyRowQuery, subjectChecked, subjectRowQuery, withScope, type StudyRow } from "../../scope";

type SubjectRow = typeof subjects.$inferSelect;
import { assertOpen } from "../closed-study";
import { createCrfs } from "./create";
import * as q from "./queries";
import type * as routes from "./routes";
import { parseItems, validateCrfData } from "./validate";

/** F9 (the event must exist) and F10 (`createEvent`: created when missing): one CRF document of a subject's event. */
async function createOneCrf(
  c: Context<AppEnv>,
  b: { study_id: number; subject_label?: string; event_name: string; crf_name: string; crf_data: Record<string, unknown> },
  createEvent: boolean,
) {
  const r = await createCrfs(c, {
    studyId: b.study_id,
    subject: { label: b.subject_label },
    eventName: b.event_name,
    crfs: [{ name: b.crf_name, data: b.crf_data, path: "/crf_data" }],
    createEvent,
  });
  return { crfDataId: Object.values(r.crfDataIds)[0]!, eventId: r.eventId, subject_label: r.subjectLabel };
}

export const createCrf: RouteHandler<typeof routes.createCrf, AppEnv> = async (c) =>
  c.json(await createOneCrf(c, c.req.valid("json"), false), 201);

export const createEventCrf: RouteHandler<typeof routes.createEventCrf, AppEnv> = async (c) =>
  c.json(await createOneCrf(c, c.req.valid("json"), true), 201);

export const getCrfIds: RouteHandler<typeof routes.getCrfIds, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const ref = { label: b.subject_label, id: b.subject_id };
  const subjectQuery = subjectRowQuery(db, caller, b.study_id, ref);
  // Scope, study, subject and the first page of ids in one D1 round trip; all discarded when a check fails.
  const { scope, results } = await withScope(db, caller, [
    studyRowQuery(db, caller.customerId, b.study_id),
    subjectQuery,
    q.crfIdsPage(db, sql`(SELECT id FROM (${subjectQuery}))`, b.crf_name, b.event_name, 0),
  ]);
  const study = studyChecked(scope, b.study_id, (results[0] as StudyRow[])[0]);
  const subject = subjectChecked(scope, study.id, ref, (results[1] as SubjectRow[])[0]);
  const rows = await q.crfIdsOfSubject(db, subject.id, b.crf_name, b.event_name, results[2] as q.CrfIdRow[]);
  return c.json(
    {
      crfDataIds: rows.map((r) => r.crfDataId),
      crfs: rows.map((r) => ({
        crfDataId: r.crfDataId,
        event_name: r.eventName,
        crf_name: r.crfName,
        status: r.status,
        date_created: r.dateCreated,
        date_updated: r.dateUpdated,
      })),
    },
    200,
  );
};

/**
 * F12: merges the sent items into the stored document. Two round trips: the document with its form,
 * study and subject (one batch, while the scope resolves), then a compare-and-set UPDATE guarded by the document as
 * read, with its audit row stored only if the UPDATE changed it. A concurrent update makes the guard fail,
 * and the merge is planned again from what is stored then: neither update's items are lost.
 */
export const updateCrf: RouteHandler<typeof routes.updateCrf, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const crfQuery = db
    .select()
    .from(formsCrfData)
    .where(and(eq(formsCrfData.customerId, caller.customerId), eq(formsCrfData.crfDataId, b.crfDataId)))
    .limit(1);
  const read = () =>
    db.batch([
      crfQuery,
      db
        .select()
        .from(studies)
        .where(and(eq(studies.customerId, caller.customerId), sql`${studies.id} = (SELECT study_id FROM (${crfQuery}))`))
        .limit(1),
      db.select().from(forms).where(sql`(${forms.studyId}, ${forms.name}) = (SELECT study_id, crf_name FROM (${crfQuery}))`).limit(1),
      db
        .select()
        .from(subjects)
        .where(and(eq(subjects.customerId, caller.customerId), sql`${subjects.id} = (SELECT subject_id FROM (${crfQuery}))`))
        .limit(1),
    ]);
  const [scope, first] = await Promise.all([scopeOf(db, caller), read()]);
  const ctx = callerAuditContext(c, caller);
  for (let attempt = 0, rows = first; ; attempt++, rows = await read()) {
    const [crfRows, studyRows, formRows, subjectRows] = rows;
    const crf = crfRows[0];
    if (!crf) throw notFound("crf_data_not_found", `There is no such CRF data in your account.`);
    const study = studyChecked(scope, crf.studyId, studyRows[0]);
    subjectChecked(scope, study.id, { id: crf.subjectId }, subjectRows[0]);
    assertOpen(study);
    if (crf.status !== "Started") throw conflict("crf_closed", `CRF data ${crf.crfDataId} is ${crf.status} and read-only.`);
    if (attempt === 0) {
      const errors = validateCrfData(parseItems(formRows[0]?.items ?? "[]"), b.crf_data, "/crf_data");
      if (errors.length) throw badRequest("invalid_crf_data", `The CRF data has ${errors.length} invalid value(s).`, errors);
    }
    if (attempt >= 20) throw new HTTPException(503, { message: "Too many concurrent writes for this account. Retry shortly." });
    const before = JSON.parse(crf.data) as Record<string, unknown>;
    const after = { ...before, ...b.crf_data };
    const status = b.status ?? crf.status;
    const [changed] = (await auditedBatch(db, ctx, () => ({
      statements: [q.updateCrfDataIfUnchanged(db, crf, JSON.stringify(after), status, new Date().toISOString())],
      entries: [
        {
          action: "crf_data.update",
          entity: "crf_data",
          entityId: crf.crfDataId,
          before: { status: crf.status, data: before },
          after: { status, data: after },
        },
      ],
      auditIfChanged: true,
    }))) as { id: number }[][];
    if (changed!.length > 0) return c.json({ crfDataId: crf.crfDataId, status, crf_data: after }, 200);
  }
};

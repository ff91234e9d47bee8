import type { RouteHandler } from "@hono/zod-openapi";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { badRequest, conflict, notFound } from "../../lib/problem";
import { sql } from "drizzle-orm";
import type { subjects } from "../../db/schema/flask";
import { assertStudy, ownSubjectIdSql, scopeOf, studyInScope, studyRowQuery, withScope, type StudyRow } from "../../scope";

type SubjectRow = typeof subjects.$inferSelect;
import { assertOpen } from "../closed-study";
import { assertSubject, subjectInScope } from "./access";
import { createCrfs } from "./create";
import * as q from "./queries";
import type * as routes from "./routes";
import { parseItems, validateCrfData } from "./validate";

const created = (r: Awaited<ReturnType<typeof createCrfs>>) => ({ crfDataId: Object.values(r.crfDataIds)[0]!, eventId: r.eventId, subject_label: r.subjectLabel });

export const createCrf: RouteHandler<typeof routes.createCrf, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const r = await createCrfs(c, { studyId: b.study_id, subject: { label: b.subject_label }, eventName: b.event_name, crfs: [{ name: b.crf_name, data: b.crf_data, path: "/crf_data" }], createEvent: false });
  return c.json(created(r), 201);
};

export const createEventCrf: RouteHandler<typeof routes.createEventCrf, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const r = await createCrfs(c, { studyId: b.study_id, subject: { label: b.subject_label }, eventName: b.event_name, crfs: [{ name: b.crf_name, data: b.crf_data, path: "/crf_data" }], createEvent: true });
  return c.json(created(r), 201);
};

export const getCrfIds: RouteHandler<typeof routes.getCrfIds, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const ref = { label: b.subject_label, id: b.subject_id };
  // The subject as named (by id, else by label), or a subject-role caller's own when none is named.
  const own = ownSubjectIdSql(db, caller);
  const by: q.SubjectBy | null = ref.id !== undefined ? { id: ref.id } : ref.label !== undefined ? { studyId: b.study_id, label: ref.label } : own ? { idSql: own } : null;
  const subjectId = by === null ? sql`NULL` : "id" in by ? by.id : "idSql" in by ? by.idSql : q.subjectIdByLabelSql(caller.customerId, b.study_id, by.label);
  // Scope, study, subject and the first page of ids in one D1 round trip; all discarded when a check fails.
  const { scope, results } = await withScope(db, caller, [
    studyRowQuery(db, caller.customerId, b.study_id),
    q.subjectQuery(db, caller.customerId, by ?? { id: -1 }),
    q.crfIdsPage(db, subjectId, b.crf_name, b.event_name, 0),
  ]);
  const study = assertStudy(scope, results[0] as StudyRow[], b.study_id);
  const subject = assertSubject(scope, study.id, ref, (results[1] as SubjectRow[])[0]);
  const rows = await q.crfIdsOfSubject(db, subject.id, b.crf_name, b.event_name, results[2] as q.CrfIdRow[]);
  return c.json(
    {
      crfDataIds: rows.map((r) => r.crfDataId),
      crfs: rows.map((r) => ({ crfDataId: r.crfDataId, event_name: r.eventName, crf_name: r.crfName, status: r.status, date_created: r.dateCreated, date_updated: r.dateUpdated })),
    },
    200,
  );
};

export const updateCrf: RouteHandler<typeof routes.updateCrf, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const scope = await scopeOf(db, caller);
  const crf = await q.crfByDataId(db, caller.customerId, b.crfDataId);
  if (!crf) throw notFound("crf_data_not_found", `There is no such CRF data in your account.`);
  const study = await studyInScope(db, scope, crf.studyId);
  await subjectInScope(db, scope, study.id, { id: crf.subjectId });
  assertOpen(study);
  if (crf.status !== "Started") throw conflict("crf_closed", `CRF data ${crf.crfDataId} is ${crf.status} and read-only.`);
  const form = await q.formByName(db, study.id, crf.crfName);
  const errors = validateCrfData(parseItems(form?.items ?? "[]"), b.crf_data, "/crf_data");
  if (errors.length) throw badRequest("invalid_crf_data", `The CRF data has ${errors.length} invalid value(s).`, errors);
  const ctx = callerAuditContext(c, caller);
  let answer!: { crfDataId: string; status: string; crf_data: Record<string, unknown> };
  await auditedBatch(db, ctx, async () => {
    // Merged from a read under the tenant's write lock: a concurrent update's values are kept, not
    // overwritten by a stale copy, and a CRF or study closed meanwhile is refused.
    const current = await q.crfByDataId(db, caller.customerId, b.crfDataId);
    if (!current) throw notFound("crf_data_not_found", `There is no such CRF data in your account.`);
    assertOpen(await studyInScope(db, scope, current.studyId));
    if (current.status !== "Started") throw conflict("crf_closed", `CRF data ${current.crfDataId} is ${current.status} and read-only.`);
    const before = JSON.parse(current.data) as Record<string, unknown>;
    const after = { ...before, ...b.crf_data };
    const status = b.status ?? current.status;
    answer = { crfDataId: current.crfDataId, status, crf_data: after };
    return {
      statements: [q.updateCrfData(db, current.id, JSON.stringify(after), status, current.status, new Date().toISOString())],
      entries: [{ action: "crf_data.update", entity: "crf_data", entityId: current.crfDataId, before: { status: current.status, data: before }, after: { status, data: after } }],
    };
  });
  return c.json(answer, 200);
};

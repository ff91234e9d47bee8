import type { Context } from "hono";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch, type AuditEntry } from "../../lib/audit";
import { badRequest, conflict, notFound, type FieldError } from "../../lib/problem";
import { and, eq, inArray, sql } from "drizzle-orm";
import { forms, formsCrfData, formsEvents } from "../../db/schema/flask";
import { scopeOf, studyChecked, studyRowQuery, subjectChecked, subjectRowQuery, type SubjectRef } from "../../scope";
import { assertOpen } from "../closed-study";
import * as q from "./queries";
import { newCrfDataId, parseItems, validateCrfData } from "./validate";

export interface CreateCrfsInput {
  studyId: number;
  subject: SubjectRef;
  eventName: string;
  crfs: { name: string; data: Record<string, unknown>; path: string }[];
  /** false: the event must exist (F9); true: it is created when missing. */
  createEvent: boolean;
}

export interface CreatedCrfs {
  eventId: number;
  subjectId: number;
  subjectLabel: string;
  crfDataIds: Record<string, string>;
}

/**
 * F9 / F10 / data-server create: CRF data documents of one subject event, each value checked
 * against its form's item type; the event (when new), the documents and their audit rows in one batch.
 *
 * Two round trips to D1: every check's rows in one batch (read while the caller's scope resolves), then
 * the write. The event and its documents are looked up by the subject the request names (a subject-role
 * caller's own when it names none), through a subquery, so that nothing waits for the subject's id.
 */
export async function createCrfs(c: Context<AppEnv>, input: CreateCrfsInput): Promise<CreatedCrfs> {
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const names = [...new Set(input.crfs.map((crf) => crf.name))];
  const subjectQuery = subjectRowQuery(db, caller, input.studyId, input.subject);
  const eventQuery = db
    .select()
    .from(formsEvents)
    .where(and(sql`${formsEvents.subjectId} = (SELECT id FROM (${subjectQuery}))`, eq(formsEvents.eventName, input.eventName)))
    .limit(1);
  const [scope, [studyRows, formRows, eventRows, presentRows, subjectRows, nextEventRows, nextCrfRows]] = await Promise.all([
    scopeOf(db, caller),
    db.batch([
      studyRowQuery(db, caller.customerId, input.studyId),
      names.length
        ? db
            .select()
            .from(forms)
            .where(and(eq(forms.studyId, input.studyId), inArray(forms.name, names)))
        : db.select().from(forms).where(sql`0`),
      eventQuery,
      db
        .select({ eventId: formsCrfData.eventId, formId: formsCrfData.formId })
        .from(formsCrfData)
        .where(sql`${formsCrfData.eventId} = (SELECT id FROM (${eventQuery}))`),
      subjectQuery,
      q.nextEventIdQuery(db),
      q.nextCrfIdQuery(db),
    ]),
  ]);
  const study = studyChecked(scope, input.studyId, studyRows[0]);
  const subject = subjectChecked(scope, study.id, input.subject, subjectRows[0]);
  assertOpen(study);
  if (input.crfs.length === 0)
    throw badRequest("validation_failed", "Name at least one CRF.", [{ path: "/CRFs", message: "at least one CRF" }]);

  const formsByName = new Map(formRows.map((f) => [f.name, f]));
  const errors: FieldError[] = [];
  const resolved: { form: (typeof formRows)[number]; data: Record<string, unknown> }[] = [];
  for (const crf of input.crfs) {
    const form = formsByName.get(crf.name);
    if (!form) throw notFound("crf_not_found", `Study ${study.id} has no CRF named ${JSON.stringify(crf.name.slice(0, 100))}.`);
    errors.push(...validateCrfData(parseItems(form.items), crf.data, crf.path));
    resolved.push({ form, data: crf.data });
  }
  if (errors.length) throw badRequest("invalid_crf_data", `The CRF data has ${errors.length} invalid value(s).`, errors);

  // The event and its documents were read by the subject row just checked.
  const existingEvent = eventRows[0] ?? null;
  if (!existingEvent && !input.createEvent)
    throw notFound("event_not_found", `The subject has no event ${JSON.stringify(input.eventName.slice(0, 100))}.`);
  if (existingEvent) {
    const present = new Set(presentRows.map((r) => r.formId));
    const dup = resolved.find((r) => present.has(r.form.id));
    if (dup) throw conflict("crf_exists", `The event already has CRF ${dup.form.name}; update it with update-CRF-data.`);
  }

  const now = new Date().toISOString();
  const ctx = callerAuditContext(c, caller);
  const out: CreatedCrfs = { eventId: 0, subjectId: subject.id, subjectLabel: subject.label, crfDataIds: {} };
  let attempt = 0;
  await auditedBatch(db, ctx, async () => {
    // ids are max(id)+1, read with the checks; a plan that lost them to a concurrent writer reads them again.
    const first = attempt++ === 0;
    const statements = [];
    const entries: AuditEntry[] = [];
    const event = existingEvent ?? { id: first ? nextEventRows[0]!.next : await q.nextEventId(db), eventName: input.eventName };
    if (!existingEvent) {
      const row = {
        id: event.id,
        customerId: caller.customerId,
        studyId: study.id,
        subjectId: subject.id,
        eventName: input.eventName,
        status: "active",
        dateCreated: now,
      };
      statements.push(q.insertEvent(db, row));
      entries.push({ action: "forms_event.create", entity: "forms_event", entityId: row.id, after: row });
    }
    let nextId = first ? nextCrfRows[0]!.next : await q.nextCrfId(db);
    out.eventId = event.id;
    out.crfDataIds = {};
    for (const r of resolved) {
      const crfDataId = newCrfDataId();
      const row = {
        id: nextId++,
        customerId: caller.customerId,
        studyId: study.id,
        siteId: subject.siteId,
        subjectId: subject.id,
        subjectLabel: subject.label,
        eventId: event.id,
        eventName: input.eventName,
        formId: r.form.id,
        crfName: r.form.name,
        crfDataId,
        data: JSON.stringify(r.data),
        status: "Started",
        createdBy: caller.userId,
        dateCreated: now,
      };
      out.crfDataIds[r.form.name] = crfDataId;
      statements.push(q.insertCrf(db, row));
      entries.push({ action: "crf_data.create", entity: "crf_data", entityId: crfDataId, after: { ...row, data: r.data } });
    }
    return { statements, entries };
  });
  return out;
}

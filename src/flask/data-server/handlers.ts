import type { RouteHandler } from "@hono/zod-openapi";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { formsCrfData } from "../../db/schema/flask";
import type { AppEnv } from "../../env";
import { badRequest, type FieldError } from "../../lib/problem";
import { streamedJson } from "../../lib/streamed-json";
import { createCrfs } from "../crf/create";
import { formsOfStudy } from "../crf/queries";
import { parseItems } from "../crf/validate";
import { IsoDate } from "../schemas";
import { fromBound, toBound } from "../../lib/iso-date";
import { ROLE } from "../../auth/caller";
import type { D1Db } from "../../db/d1";
import { studyChecked, ownSubjectIdSql, siteIdsSql, studyRowQuery, withScope, type StudyRow } from "../../scope";
import type { DocScope } from "../subject/queries";
import { formatFrom, pagedResponse } from "../stream";
import { docScopeOf } from "../subject/csv-zip";
import { DOC_PAGE, docsById, docsBySubject, type DocFilters } from "./queries";
import { LONG_FIELDS } from "./routes";
import type * as routes from "./routes";

type Doc = typeof formsCrfData.$inferSelect;
type LongRow = Record<(typeof LONG_FIELDS)[number], unknown>;

/** Filter keys that SQL applies to documents; the rest of LONG_FIELDS are applied to long rows. */
const SQL_FILTERS: Record<string, keyof DocFilters> = {
  crf: "crfName",
  subject: "subjectLabel",
  event: "eventName",
  status: "status",
  crf_data_id: "crfDataId",
  site_id: "siteId",
};

type Query = Parameters<D1Db["batch"]>[0][number];

/**
 * Scope, study, its forms and the first page of documents (`firstPage`, filtered by the scope's SQL
 * form) in one D1 round trip; the page is discarded when a check fails. Later pages use the scope read.
 */
async function studyContext(
  c: Parameters<RouteHandler<typeof routes.partialExtract, AppEnv>>[0],
  studyId: number,
  firstPage: (db: D1Db, scope: DocScope) => Query,
) {
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const sqlScope: DocScope = {
    siteIds: caller.roleId === ROLE.SUBJECT ? null : siteIdsSql(db, caller),
    subjectId: ownSubjectIdSql(db, caller),
  };
  const { scope, results } = await withScope(db, caller, [
    studyRowQuery(db, caller.customerId, studyId),
    formsOfStudy(db, studyId),
    firstPage(db, sqlScope),
  ]);
  const study = studyChecked(scope, studyId, (results[0] as StudyRow[])[0]);
  const types = new Map<number, Map<string, string>>();
  for (const f of results[1] as { id: number; items: string }[]) types.set(f.id, new Map(parseItems(f.items).map((i) => [i.name, i.type])));
  let first: Doc[] | null = results[2] as Doc[];
  /** The first call answers with the page read in the batch. */
  const once = (read: () => Promise<Doc[]>) => {
    const page = first;
    first = null;
    return page ?? read();
  };
  return { db, study, docScope: docScopeOf(scope), types, once };
}

export const partialExtract: RouteHandler<typeof routes.partialExtract, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const errors: FieldError[] = [];
  const sqlFilters: DocFilters = {};
  const rowFilters: [string, unknown][] = [];
  for (const [key, value] of Object.entries(body.filters ?? {})) {
    if (key === "date_from" || key === "date_to") {
      if (typeof value !== "string" || !IsoDate.safeParse(value).success)
        errors.push({ path: `/filters/${key}`, message: "must be an ISO-8601 date or date-time" });
      else if (key === "date_from") sqlFilters.from = fromBound(value);
      else sqlFilters.to = toBound(value);
    } else if (Object.hasOwn(SQL_FILTERS, key) && value !== null) {
      (sqlFilters as Record<string, unknown>)[SQL_FILTERS[key]!] = value;
    } else if ((LONG_FIELDS as readonly string[]).includes(key)) rowFilters.push([key, value]);
    else errors.push({ path: `/filters/${key}`, message: "unknown field" });
  }
  const columns = Object.entries(body.columns ?? {});
  for (const [key] of columns)
    if (!(LONG_FIELDS as readonly string[]).includes(key)) errors.push({ path: `/columns/${key}`, message: "unknown field" });
  if (errors.length) throw badRequest("validation_failed", `The request has ${errors.length} invalid field(s).`, errors);

  const included = columns.filter(([k, v]) => v === 1 && k !== "_id").map(([k]) => k);
  const project = (row: LongRow): Record<string, unknown> => {
    if (included.length) {
      const out: Record<string, unknown> = {};
      if (body.columns?._id !== 0) out._id = row._id;
      for (const k of included) out[k] = row[k as keyof LongRow];
      return out;
    }
    const out: Record<string, unknown> = { ...row };
    for (const [k, v] of columns) if (v === 0) delete out[k];
    return out;
  };

  const { db, study, docScope, types, once } = await studyContext(c, body.study_id, (db, scope) =>
    docsById(db, body.study_id, scope, sqlFilters, 0),
  );
  const longRows = (doc: Doc): LongRow[] =>
    Object.entries(JSON.parse(doc.data) as Record<string, unknown>).map(([item, value]) => ({
      _id: `${doc.crfDataId}.${item}`,
      study_id: doc.studyId,
      subject: doc.subjectLabel,
      site_id: doc.siteId,
      event: doc.eventName,
      crf: doc.crfName,
      crf_data_id: doc.crfDataId,
      item,
      item_type: types.get(doc.formId)?.get(item) ?? null,
      value,
      status: doc.status,
      eventDate: doc.dateCreated,
      date_updated: doc.dateUpdated,
    }));
  const res = await pagedResponse(
    0,
    async (after: number) => {
      const docs = await once(() => docsById(db, study.id, docScope, sqlFilters, after));
      const items = docs
        .flatMap(longRows)
        .filter((r) => rowFilters.every(([k, v]) => r[k as keyof LongRow] === v))
        .map(project);
      return { items, next: docs.length === DOC_PAGE ? docs.at(-1)!.id : null };
    },
    formatFrom(c.req.header("accept")),
  );
  return streamedJson<typeof routes.partialExtract>(res);
};

interface Group {
  subject: string;
  subject_id: number;
  site_id: number | null;
  events: {
    event: string;
    crfs: { crf: string; crfDataId: string; status: string; date_created: string; date_updated: string | null; values: unknown }[];
  }[];
}

export const groupedExtract: RouteHandler<typeof routes.groupedExtract, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const statuses = [
    ...(body.include_started_crfs ? ["Started"] : []),
    ...(body.include_closed_crfs ? ["Closed"] : []),
    ...(body.include_deactivated_crfs ? ["deactivated"] : []),
  ];
  const filters: DocFilters = { statuses };
  if (body.CRFs) {
    filters.crfNames = body.CRFs;
    filters.formIds = body.CRFs.filter((v) => /^\d{1,15}$/.test(v)).map(Number);
  }
  const start = { subjectId: 0, id: 0 };
  const { db, study, docScope, once } = await studyContext(c, body.study_id, (db, scope) =>
    docsBySubject(db, body.study_id, scope, filters, start),
  );
  let pending: Group | null = null;
  const add = (doc: Doc) => {
    const data = JSON.parse(doc.data) as Record<string, unknown>;
    const values = body.values_as_object ? data : Object.entries(data).map(([item, value]) => ({ item, value }));
    let event = pending!.events.find((e) => e.event === doc.eventName);
    if (!event) pending!.events.push((event = { event: doc.eventName, crfs: [] }));
    event.crfs.push({
      crf: doc.crfName,
      crfDataId: doc.crfDataId,
      status: doc.status,
      date_created: doc.dateCreated,
      date_updated: doc.dateUpdated,
      values,
    });
  };
  const res = await pagedResponse(
    start,
    async (after) => {
      const docs = await once(() => docsBySubject(db, study.id, docScope, filters, after));
      const done: Group[] = [];
      for (const doc of docs) {
        if (!pending || pending.subject_id !== doc.subjectId) {
          if (pending) done.push(pending);
          pending = { subject: doc.subjectLabel, subject_id: doc.subjectId, site_id: doc.siteId, events: [] };
        }
        add(doc);
      }
      const last = docs.at(-1);
      if (docs.length === DOC_PAGE && last) return { items: done, next: { subjectId: last.subjectId, id: last.id } };
      if (pending) done.push(pending);
      pending = null;
      return { items: done, next: null };
    },
    formatFrom(c.req.header("accept")),
  );
  return streamedJson<typeof routes.groupedExtract>(res);
};

export const createEventCrfs: RouteHandler<typeof routes.createEventCrfs, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const r = await createCrfs(c, {
    studyId: b.study_id,
    subject: { label: b.subjectLabel, id: b.subjectId },
    eventName: b.eventName,
    crfs: Object.entries(b.CRFs).map(([name, data]) => ({ name, data, path: `/CRFs/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` })),
    createEvent: true,
  });
  return c.json({ eventId: r.eventId, subject_label: r.subjectLabel, crfDataIds: r.crfDataIds }, 201);
};

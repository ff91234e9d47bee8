import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1, type D1Db } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { badRequest } from "../../lib/problem";
import { subjectByLabel } from "../crf/queries";
import {
  studyChecked,
  edcDbname,
  edcStudyOf,
  ownSubjectOnly,
  requireRole,
  resolveScope,
  siteIdsSql,
  studyInScope,
  studyRowQuery,
  subjectAtCallerSites,
  withScope,
  type Scope,
  type StudyRow,
} from "../../scope";
import type { deviceLogs } from "../../db/schema/flask";

type DeviceLogRow = typeof deviceLogs.$inferSelect;
import { assertOpen } from "../closed-study";
import { fromBound, toBound } from "../../lib/iso-date";
import { insertLogRow, logsPage, nextLogId } from "./queries";
import type * as routes from "./routes";

const parsePayload = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export const getLogs: RouteHandler<typeof routes.getLogs, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const v = body.cursor === undefined ? null : decodeCursor(body.cursor);
  const badCursor = body.cursor !== undefined && (!v || v.length !== 2 || typeof v[0] !== "string" || !Number.isSafeInteger(v[1]));
  const after = v && !badCursor ? { logDate: v[0] as string, id: v[1] as number } : null;
  // Scope, study and page in one D1 round trip; the page is discarded when a check fails.
  const { scope, results } = await withScope(db, caller, [
    studyRowQuery(db, caller.customerId, body.studyId),
    logsPage(db, {
      studyId: body.studyId,
      deviceId: body.deviceId,
      from: body.fromDate ? fromBound(body.fromDate) : undefined,
      to: body.toDate ? toBound(body.toDate) : undefined,
      siteIds: siteIdsSql(db, caller),
      after,
      limit: body.limit + 1,
    }),
  ]);
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY, ROLE.SITE], "read device logs");
  studyChecked(scope, body.studyId, (results[0] as StudyRow[])[0]);
  if (badCursor)
    throw badRequest("invalid_cursor", "cursor is not a Next-Cursor of this endpoint.", [{ path: "/cursor", message: "invalid cursor" }]);
  const rows = results[1] as DeviceLogRow[];
  const more = rows.length > body.limit;
  const page = more ? rows.slice(0, body.limit) : rows;
  const last = page.at(-1);
  if (more && last) c.header("Next-Cursor", encodeCursor([last.logDate, last.id]));
  return c.json(
    page.map((r) => ({
      id: r.id,
      customer_id: r.customerId,
      study_id: r.studyId,
      device_id: r.deviceId,
      subject_label: r.subjectLabel,
      log_type: r.logType,
      payload: parsePayload(r.payload),
      log_date: r.logDate,
      created_by: r.createdBy,
      date_created: r.dateCreated,
    })),
    200,
  );
};

/**
 * The subject label a new log is stored under, by the caller's role (the scoping that get-logs reads
 * back): subject-role callers only their own label (implied when absent; another label is 403);
 * site-role callers must name a subject of the study at one of their sites (400 without a label, 404
 * for an unknown one, 403 for one of another site), since a log without a subject belongs to no site;
 * customer admins, API and study-role users any label or none (a device not tied to a subject).
 */
async function logSubjectLabel(db: D1Db, scope: Scope, studyId: number, label: string | undefined): Promise<string | null> {
  const own = ownSubjectOnly(scope, studyId, { label });
  if (own) return own.label;
  if (scope.roleId === ROLE.SITE) {
    if (label === undefined) {
      throw badRequest("validation_failed", "Site-role users must name the subject of the log: subjectLabel.", [
        { path: "/subjectLabel", message: "required for site-role users" },
      ]);
    }
    return subjectAtCallerSites(scope, studyId, await subjectByLabel(db, scope.customerId, studyId, label)).label;
  }
  return label ?? null;
}

export const insertLog: RouteHandler<typeof routes.insertLog, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const header = c.req.header("edc");
  const { scope, edcStudies } = await resolveScope(db, caller, edcDbname(header));
  // A study named in the body must be the caller's (404 / 403 as everywhere) before anything else.
  if (body.studyId !== undefined) await studyInScope(db, scope, body.studyId);
  const { study } = edcStudyOf(scope, header, edcStudies);
  if (body.studyId !== undefined && body.studyId !== study.id) {
    throw badRequest("study_mismatch", `study_id ${body.studyId} is not the study of EDC database ${study.dbname}.`, [
      { path: "/studyId", message: "does not match the EDC header" },
    ]);
  }
  const subjectLabel = await logSubjectLabel(db, scope, study.id, body.subjectLabel);
  assertOpen(study);
  const now = new Date().toISOString();
  const ctx = callerAuditContext(c, caller);
  let id = 0;
  await auditedBatch(db, ctx, async () => {
    id = nextLogId();
    const row = {
      id,
      customerId: caller.customerId,
      studyId: study.id,
      deviceId: body.deviceId ?? null,
      subjectLabel,
      logType: body.logType ?? null,
      payload: body.payload === undefined ? null : JSON.stringify(body.payload),
      logDate: body.logDate ? fromBound(body.logDate) : now,
      createdBy: caller.userId,
      dateCreated: now,
    };
    return {
      statements: [insertLogRow(db, row)],
      entries: [
        {
          action: "device_log.create",
          entity: "device_log",
          entityId: id,
          after: {
            study_id: row.studyId,
            device_id: row.deviceId,
            subject_label: row.subjectLabel,
            log_type: row.logType,
            log_date: row.logDate,
          },
        },
      ],
    };
  });
  return c.json({ id, study_id: study.id }, 201);
};

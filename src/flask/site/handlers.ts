import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { badRequest, conflict, type FieldError } from "../../lib/problem";
import { siteJson } from "../serializers";
import { requireRole, siteChecked, siteRowQuery, studyChecked, withScope, type StudyRow } from "../../scope";
import { assertOpen } from "../closed-study";
import * as q from "./queries";
import type * as routes from "./routes";

/**
 * F4: two round trips. The scope, the site named by id, its study (or the study named), the study's
 * site with the sent unique_identifier and the next free id in one batch; the checks run on what it
 * read; then the write and its audit row in one batch, the stored row read back by RETURNING.
 */
export const createUpdateSite: RouteHandler<typeof routes.createUpdateSite, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const studyIdSql = q.studyIdSql(caller.customerId, body.id, body.study_id);
  const { scope, results } = await withScope(db, caller, [
    q.studyOfQuery(db, caller.customerId, studyIdSql),
    q.nextSiteIdQuery(db),
    ...(body.id !== undefined ? [siteRowQuery(db, caller.customerId, body.id)] : []),
    ...(body.unique_identifier ? [q.siteByKeyQuery(db, caller.customerId, studyIdSql, body.unique_identifier)] : []),
  ]);
  const [studyRows, nextRows, ...rest] = results as [StudyRow[], { next: number }[], ...q.SiteRow[][]];
  const byIdRows = body.id !== undefined ? rest.shift()! : [];
  const byKey = body.unique_identifier ? rest.shift()![0] : undefined;
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY], "create or update sites");

  let existing = body.id !== undefined ? siteChecked(scope, body.id, byIdRows[0]) : null;
  if (existing && body.study_id !== undefined && body.study_id !== existing.studyId) {
    throw badRequest("study_mismatch", "A site cannot move to another study.", [
      { path: "/study_id", message: "differs from the site's study" },
    ]);
  }
  const studyId = existing?.studyId ?? body.study_id;
  if (studyId === undefined)
    throw badRequest("validation_failed", "study_id is required to create a site.", [{ path: "/study_id", message: "required" }]);
  const study = studyChecked(scope, studyId, studyRows[0]);
  assertOpen(study);
  if (!existing && body.unique_identifier) {
    if (byKey) existing = siteChecked(scope, byKey.id, byKey);
  } else if (existing && body.unique_identifier && body.unique_identifier !== existing.uniqueIdentifier) {
    if (byKey) throw conflict("duplicate_site", `Study ${study.id} already has a site ${body.unique_identifier}.`);
  }
  const errors: FieldError[] = [];
  if (!existing && !body.name) errors.push({ path: "/name", message: "required to create a site" });
  if (!existing && !body.unique_identifier) errors.push({ path: "/unique_identifier", message: "required to create a site" });
  if (errors.length) throw badRequest("validation_failed", "A new site needs a name and a unique_identifier.", errors);

  const set = {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.unique_identifier !== undefined && { uniqueIdentifier: body.unique_identifier }),
    ...(body.pi_name !== undefined && { piName: body.pi_name }),
    ...(body.starting_subject_id !== undefined && { startingSubjectId: body.starting_subject_id }),
    ...(body.edc_site_id !== undefined && { edcSiteId: body.edc_site_id }),
    ...(body.status !== undefined && { status: body.status }),
  };
  const now = new Date().toISOString();
  const ctx = callerAuditContext(c, caller);
  if (existing) {
    const current = existing;
    // The update holds only while the study is open; its audit row is stored only if it changed the site.
    const [stored] = (await auditedBatch(db, ctx, () => ({
      statements: [q.updateSite(db, current.id, study.id, { ...set, dateUpdated: now })],
      entries: [
        { action: "site.update", entity: "site", entityId: current.id, before: siteJson(current), after: { ...body, id: current.id } },
      ],
      auditIfChanged: true,
    }))) as q.SiteRow[][];
    if (!stored![0]) assertOpen({ id: study.id, statusId: 2 });
    return c.json(siteJson(stored![0]!), 200);
  }
  // The id read with the checks; a concurrent create that took it makes auditedBatch plan again with a fresh one.
  let planned = 0;
  const [stored] = (await auditedBatch(db, ctx, async () => {
    const id = planned++ === 0 ? nextRows[0]!.next : await q.nextSiteId(db);
    const row = {
      startingSubjectId: 1,
      subjectNumerator: 0,
      status: "active",
      ...set,
      id,
      customerId: caller.customerId,
      studyId: study.id,
      name: body.name!,
      uniqueIdentifier: body.unique_identifier!,
      dateCreated: now,
    };
    return { statements: [q.insertSite(db, row)], entries: [{ action: "site.create", entity: "site", entityId: id, after: row }] };
  })) as q.SiteRow[][];
  return c.json(siteJson(stored![0]!), 201);
};

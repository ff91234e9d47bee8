import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { badRequest, conflict, notFound, type FieldError } from "../../lib/problem";
import { siteJson } from "../serializers";
import { requireRole, scopeOf, siteInScope, studyInScope } from "../../scope";
import { assertOpen } from "../closed-study";
import * as q from "./queries";
import type * as routes from "./routes";

export const createUpdateSite: RouteHandler<typeof routes.createUpdateSite, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const scope = await scopeOf(db, caller);
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY], "create or update sites");

  let existing = body.id !== undefined ? await siteInScope(db, scope, body.id) : null;
  if (existing && body.study_id !== undefined && body.study_id !== existing.studyId) {
    throw badRequest("study_mismatch", "A site cannot move to another study.", [
      { path: "/study_id", message: "differs from the site's study" },
    ]);
  }
  const studyId = existing?.studyId ?? body.study_id;
  if (studyId === undefined)
    throw badRequest("validation_failed", "study_id is required to create a site.", [{ path: "/study_id", message: "required" }]);
  const study = await studyInScope(db, scope, studyId);
  assertOpen(study);
  if (!existing && body.unique_identifier) {
    const byKey = await q.siteByKey(db, study.id, body.unique_identifier);
    if (byKey) existing = await siteInScope(db, scope, byKey.id);
  } else if (existing && body.unique_identifier && body.unique_identifier !== existing.uniqueIdentifier) {
    if (await q.siteByKey(db, study.id, body.unique_identifier))
      throw conflict("duplicate_site", `Study ${study.id} already has a site ${body.unique_identifier}.`);
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
  let id = existing?.id ?? 0;
  await auditedBatch(db, ctx, async () => {
    // Read again under the tenant's write lock: a study closed or a site changed since the checks above is seen here.
    assertOpen(await studyInScope(db, scope, study.id));
    if (existing) {
      const current = await siteInScope(db, scope, existing.id);
      return {
        statements: [q.updateSite(db, current.id, { ...set, dateUpdated: now })],
        entries: [
          { action: "site.update", entity: "site", entityId: current.id, before: siteJson(current), after: { ...body, id: current.id } },
        ],
      };
    }
    id = await q.nextSiteId(db);
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
  });
  const stored = await q.siteById(db, caller.customerId, id);
  if (!stored) throw notFound("site_not_found", `There is no site ${id} in your account.`);
  return existing ? c.json(siteJson(stored), 200) : c.json(siteJson(stored), 201);
};

import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { forgetUsersCachedSessions } from "../../auth/sessions";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch, type AuditEntry } from "../../lib/audit";
import { chunks, rowsPerInsert } from "../../lib/chunks";
import { badRequest, conflict, forbidden, notFound, Problem, type FieldError } from "../../lib/problem";
import { studyJson } from "../serializers";
import { canSeeStudy, requireRole, studyChecked, studyRowQuery, withScope, type StudyRow } from "../../scope";
import { assertOpen } from "../closed-study";
import * as q from "./queries";
import type * as routes from "./routes";

type StudyInsert = Parameters<typeof q.insertStudy>[1];

const STUDY_FIELDS: Record<string, keyof StudyInsert> = {
  brief_title: "briefTitle",
  official_title: "officialTitle",
  detailed_description: "detailedDescription",
  sponsor: "sponsor",
  url: "url",
  unique_protocolid: "uniqueProtocolid",
  dbname: "dbname",
  edc_url: "edcUrl",
  package: "package",
  subject_prefix_type: "subjectPrefixType",
  subject_prefix_mask: "subjectPrefixMask",
  enrollment_target: "enrollmentTarget",
  start_date: "startDate",
  completion_date: "completionDate",
  status_id: "statusId",
  pi_user_id: "piUserId",
};

/**
 * F3: two round trips. The scope, the study named by id, the study with the sent protocol id, the PI
 * user, another customer's use of the dbname and the next free id in one batch; the checks run on what
 * it read; then the write and its audit row in one batch, the stored row read back by RETURNING.
 */
export const createUpdateStudy: RouteHandler<typeof routes.createUpdateStudy, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const { customerId } = caller;
  const { scope, results } = await withScope(db, caller, [
    q.nextStudyIdQuery(db),
    ...(body.id !== undefined ? [studyRowQuery(db, customerId, body.id)] : []),
    ...(body.unique_protocolid ? [q.studyByProtocolQuery(db, customerId, body.unique_protocolid)] : []),
    ...(body.pi_user_id != null ? [q.userOfCustomerQuery(db, customerId, body.pi_user_id)] : []),
    ...(body.dbname ? [q.dbnameOfOtherCustomerQuery(db, customerId, body.dbname)] : []),
  ]);
  const [nextRows, ...rest] = results as [{ next: number }[], ...unknown[][]];
  const byIdRows = (body.id !== undefined ? rest.shift()! : []) as StudyRow[];
  const byProtocol = (body.unique_protocolid ? rest.shift()![0] : undefined) as StudyRow | undefined;
  const piUser = body.pi_user_id != null ? rest.shift()![0] : undefined;
  const dbnameTaken = body.dbname ? rest.shift()!.length > 0 : false;
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY], "create or update studies");

  let existing = body.id !== undefined ? studyChecked(scope, body.id, byIdRows[0]) : null;
  if (!existing && body.unique_protocolid) {
    if (byProtocol) existing = studyChecked(scope, byProtocol.id, byProtocol);
  }
  if (existing) assertOpen(existing);
  if (!existing && caller.roleId !== ROLE.CUSTOMER_ADMIN)
    throw forbidden("role_forbidden", "Only customer administrators may create studies.");

  const set: Partial<StudyInsert> = {};
  for (const [field, column] of Object.entries(STUDY_FIELDS)) {
    const v = (body as Record<string, unknown>)[field];
    if (v !== undefined) (set as Record<string, unknown>)[column] = v;
  }
  if (body.pro_enabled !== undefined) set.proEnabled = body.pro_enabled ? 1 : 0;

  const errors: FieldError[] = [];
  if (!existing && !body.brief_title) errors.push({ path: "/brief_title", message: "required to create a study" });
  if (!existing && !body.unique_protocolid) errors.push({ path: "/unique_protocolid", message: "required to create a study" });
  if (errors.length) throw badRequest("validation_failed", "A new study needs a brief_title and a unique_protocolid.", errors);
  if (body.pi_user_id != null && !piUser) {
    throw badRequest("unknown_user", `pi_user_id ${body.pi_user_id} is not a user of your account.`, [
      { path: "/pi_user_id", message: "unknown user" },
    ]);
  }
  if (dbnameTaken) throw conflict("dbname_taken", `The EDC database ${body.dbname} cannot be used by this account.`);
  if (existing && body.unique_protocolid && body.unique_protocolid !== existing.uniqueProtocolid) {
    if (byProtocol) throw conflict("duplicate_protocol", `Another study already has unique_protocolid ${body.unique_protocolid}.`);
  }

  const now = new Date().toISOString();
  const ctx = callerAuditContext(c, caller);
  if (existing) {
    const current = existing;
    // The update is guarded by the study being open; its audit row is stored only if it changed the study.
    const [stored] = (await auditedBatch(db, ctx, () => ({
      statements: [q.updateStudy(db, current.id, { ...set, dateUpdated: now })],
      entries: [
        { action: "study.update", entity: "study", entityId: current.id, before: studyJson(current), after: { ...body, id: current.id } },
      ],
      auditIfChanged: true,
    }))) as StudyRow[][];
    if (!stored![0]) assertOpen({ id: current.id, statusId: 2 });
    return c.json(studyJson(stored![0]!), 200);
  }
  // The id read with the checks; a concurrent create that took it makes auditedBatch plan again with a fresh one.
  let planned = 0;
  const [stored] = (await auditedBatch(db, ctx, async () => {
    const id = planned++ === 0 ? nextRows[0]!.next : await q.nextStudyId(db);
    const row: StudyInsert = {
      subjectPrefixType: "site",
      subjectPrefixMask: "NNN",
      subjectNumerator: 0,
      proEnabled: 0,
      statusId: 1,
      ...set,
      id,
      customerId: caller.customerId,
      briefTitle: body.brief_title!,
      uniqueProtocolid: body.unique_protocolid!,
      dateCreated: now,
    };
    return { statements: [q.insertStudy(db, row)], entries: [{ action: "study.create", entity: "study", entityId: id, after: row }] };
  })) as StudyRow[][];
  return c.json(studyJson(stored![0]!), 201);
};

/**
 * Emails are unique across all customers (login is by email), so an email of another customer's user
 * cannot be assigned. The refusal is one neutral 409 for every such email and says nothing of why, so
 * that it does not tell the caller that the address is a user of another account.
 */
function refuseUnassignable(list: { email: string }[], byEmail: Map<string, { customerId: number }>, customerId: number) {
  const errors: FieldError[] = [];
  list.forEach((u, i) => {
    const user = byEmail.get(u.email);
    if (user && user.customerId !== customerId)
      errors.push({ path: `/users/${i}/email`, message: "this email cannot be assigned to this study" });
  });
  if (errors.length)
    throw new Problem(
      409,
      "email_unassignable",
      `${errors.length} of the emails cannot be assigned to this study; nothing was changed.`,
      errors,
    );
}

/**
 * F7: two round trips. The scope, the study, its sites, the users with the sent emails, the study's
 * assignments and the next free ids in one batch; the checks and the plan run on what it read; then
 * every insert, update and delete with the audit rows in one batch.
 */
export const createUpdateStudyUsers: RouteHandler<typeof routes.createUpdateStudyUsers, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const emails = body.users.map((u) => u.email);
  // What the plan reads: again, in one batch, only when a concurrent writer took one of the ids.
  const planReads = () =>
    [
      q.usersByEmail(db, emails),
      q.studyAssignments(db, body.study_id),
      q.siteAssignments(db, body.study_id),
      ...q.nextAssignmentIdQueries(db),
    ] as const;
  const { scope, results } = await withScope(db, caller, [
    studyRowQuery(db, caller.customerId, body.study_id),
    q.sitesOfStudy(db, body.study_id),
    ...planReads(),
  ]);
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY], "assign users to studies");
  const study = studyChecked(scope, body.study_id, (results[0] as StudyRow[])[0]);
  assertOpen(study);

  const studySiteIds = (results[1] as { id: number }[]).map((s) => s.id);
  const errors: FieldError[] = [];
  body.users.forEach((u, i) => {
    for (const [j, siteId] of (u.site_ids ?? []).entries()) {
      if (!studySiteIds.includes(siteId))
        errors.push({ path: `/users/${i}/site_ids/${j}`, message: `site ${siteId} is not a site of study ${study.id}` });
    }
    if (caller.roleId !== ROLE.CUSTOMER_ADMIN && u.role === ROLE.CUSTOMER_ADMIN)
      errors.push({ path: `/users/${i}/role`, message: "only customer administrators may assign role 2" });
  });
  if (errors.length) throw badRequest("validation_failed", `The user list has ${errors.length} invalid field(s).`, errors);

  const now = new Date().toISOString();
  const ctx = callerAuditContext(c, caller);
  let result: { id: number; email: string; created: boolean }[] = [];
  let roleChanged: number[] = [];
  let planned = 0;
  await auditedBatch(db, ctx, async () => {
    const read = planned++ === 0 ? results.slice(2) : ((await db.batch(planReads())) as unknown as unknown[][]);
    const [existing, beforeStudy, beforeSite, [nextUserRow], [nextStudyUserRow], [nextSiteUserRow]] = read as [
      q.UserRow[],
      Awaited<ReturnType<typeof q.studyAssignments>>,
      Awaited<ReturnType<typeof q.siteAssignments>>,
      { next: number }[],
      { next: number }[],
      { next: number }[],
    ];
    const byEmail = new Map(existing.map((u) => [u.email.toLowerCase(), u]));
    refuseUnassignable(body.users, byEmail, caller.customerId);
    // An assignment that the new list keeps keeps its date_created: billing counts a month's users by it.
    const studySince = new Map(beforeStudy.map((a) => [a.userId, a.dateCreated]));
    const siteSince = new Map(beforeSite.map((a) => [`${a.siteId}:${a.userId}`, a.dateCreated]));
    const before = {
      study_users: beforeStudy.map(({ userId, roleId }) => ({ userId, roleId })),
      site_users: beforeSite.map(({ siteId, userId }) => ({ siteId, userId })),
    };
    let nextUser = nextUserRow!.next;
    let nextStudyUser = nextStudyUserRow!.next;
    let nextSiteUser = nextSiteUserRow!.next;
    const newUsers: Parameters<typeof q.insertUsers>[1] = [];
    const studyRows: Parameters<typeof q.insertStudyAssignments>[1] = [];
    const siteRows: Parameters<typeof q.insertSiteAssignments>[1] = [];
    const entries: AuditEntry[] = [];
    const roleUpdates: ReturnType<typeof q.updateUserRoles>[] = [];
    result = [];
    roleChanged = [];
    for (const [i, u] of body.users.entries()) {
      const user = byEmail.get(u.email);
      const created = !user;
      const roleId = u.role ?? user?.roleId ?? ROLE.STUDY;
      if (user && rolesChange(u, user)) {
        // A user's roles decide what it sees everywhere: only a customer administrator changes them.
        if (caller.roleId !== ROLE.CUSTOMER_ADMIN)
          throw forbidden("role_change_forbidden", `Only a customer administrator may change the role of an existing user (/users/${i}).`);
        const set = { roleId, edcRoleId: u.edc_role === undefined ? user.edcRoleId : u.edc_role, dateUpdated: now };
        roleUpdates.push(q.updateUserRoles(db, user.id, set));
        entries.push({
          action: "user.roles.update",
          entity: "user",
          entityId: user.id,
          before: { roleId: user.roleId, edcRoleId: user.edcRoleId },
          after: { roleId: set.roleId, edcRoleId: set.edcRoleId },
        });
        roleChanged.push(user.id);
      }
      let userId = user?.id;
      if (userId === undefined) {
        const row = {
          id: nextUser++,
          customerId: caller.customerId,
          email: u.email,
          firstName: u.first_name ?? "",
          lastName: u.last_name ?? "",
          phone: u.phone ?? null,
          roleId,
          edcRoleId: u.edc_role ?? null,
          status: "active",
          dateCreated: now,
        };
        newUsers.push(row);
        entries.push({ action: "user.create", entity: "user", entityId: row.id, after: { ...row } });
        userId = row.id;
      }
      result.push({ id: userId, email: u.email, created });
      studyRows.push({
        id: nextStudyUser++,
        customerId: caller.customerId,
        studyId: study.id,
        userId,
        roleId,
        dateCreated: studySince.get(userId) ?? now,
      });
      for (const siteId of new Set(u.site_ids ?? [])) {
        siteRows.push({
          id: nextSiteUser++,
          customerId: caller.customerId,
          siteId,
          userId,
          dateCreated: siteSince.get(`${siteId}:${userId}`) ?? now,
        });
      }
    }
    entries.push({
      action: "study_users.replace",
      entity: "study",
      entityId: study.id,
      before,
      after: {
        study_users: studyRows.map((r) => ({ userId: r.userId, roleId: r.roleId })),
        site_users: siteRows.map((r) => ({ siteId: r.siteId, userId: r.userId })),
      },
    });
    return {
      statements: [
        ...chunks(newUsers, rowsPerInsert(10)).map((rows) => q.insertUsers(db, rows)),
        ...roleUpdates,
        q.deleteStudyAssignments(db, study.id),
        ...chunks(studyRows, rowsPerInsert(6)).map((rows) => q.insertStudyAssignments(db, rows)),
        q.deleteSiteAssignments(db, study.id),
        ...chunks(siteRows, rowsPerInsert(5)).map((rows) => q.insertSiteAssignments(db, rows)),
      ],
      entries,
    };
  });
  // A changed role holds at once: the users' cached sessions are dropped, so the next request reads D1.
  await forgetUsersCachedSessions(c.env, roleChanged);
  return c.json({ study_id: study.id, users: result }, 200);
};

/** Whether an F7 entry names roles other than the existing user's. */
const rolesChange = (u: { role?: number; edc_role?: number | null }, user: { roleId: number; edcRoleId: number | null }) =>
  (u.role !== undefined && u.role !== user.roleId) || (u.edc_role !== undefined && u.edc_role !== user.edcRoleId);

export const subjectStudies: RouteHandler<typeof routes.subjectStudies, AppEnv> = async (c) => {
  const { subject_id } = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  // Scope, user and studies in one D1 round trip; the studies are discarded when a check fails.
  const { scope, results } = await withScope(db, caller, [
    q.userByIdQuery(db, caller.customerId, subject_id),
    q.studiesOfSubjectUser(db, caller.customerId, subject_id, q.subjectLabelSql(caller.customerId, subject_id)),
  ]);
  if (scope.roleId === ROLE.SUBJECT && subject_id !== caller.userId)
    throw forbidden("subject_forbidden", "A subject may only list its own studies.");
  const user = (results[0] as { roleId: number }[])[0];
  if (!user || user.roleId !== ROLE.SUBJECT) throw notFound("subject_not_found", `There is no subject user ${subject_id} in your account.`);
  const rows = (results[1] as StudyRow[]).filter((s) => canSeeStudy(scope, s.id) || scope.roleId === ROLE.SUBJECT);
  return c.json(
    rows.map((s) => ({
      study_id: s.id,
      brief_title: s.briefTitle,
      unique_protocolid: s.uniqueProtocolid,
      official_title: s.officialTitle,
      status_id: s.statusId,
      status: s.statusId === 2 ? "closed" : "active",
      study_status_id: s.statusId,
    })),
    200,
  );
};

import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { appendAudit, callerAuditContext, type AuditEntry } from "../../lib/audit";
import { edcOf } from "../context";
import { mapQueryError } from "../stream";
import { createSubject as create, type CreatedSubject } from "./create";
import type * as routes from "./routes";
import { requireRole } from "../../scope";
import { errorFields } from "../../lib/logger";

export const createSubject: RouteHandler<typeof routes.createSubject, AppEnv> = async (c) => {
  const input = c.req.valid("json");
  const edc = edcOf(c);
  const caller = callerOf(c);
  requireRole(edc.scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY, ROLE.SITE], "create subjects");
  // Site role: only at its own sites (edc.rows holds them); the others at any site of the study.
  const allowedSites = edc.rows?.siteCodes ?? null;
  const db = d1(c.env.DB);
  const ctx = callerAuditContext(c, caller);
  const entry = (action: string, s: CreatedSubject): AuditEntry => ({
    action,
    entity: "edc.study_subject",
    entityId: `${edc.dbname}:${s.study_subject_id}`,
    after: {
      dbname: edc.dbname,
      ...s,
      enrollment_date: input.enrollmentDate ?? null,
      secondary_label: input.secondaryLabel ?? "",
      gender: input.gender ?? "",
      date_of_birth: input.dateOfBirth ?? null,
      person_id: input.personId ?? "",
    },
  });

  let audited: CreatedSubject | null = null;
  try {
    const created = await create(edc.sql, input, {
      schema: edc.schema,
      edcUsername: caller.edcUsername,
      allowedSites,
      beforeCommit: async (s) => {
        await appendAudit(db, ctx, [entry("edc.subject.create", s)]);
        audited = s;
      },
    });
    return c.json({ study_subject_id: created.study_subject_id, label: created.label, oc_oid: created.oc_oid }, 201);
  } catch (err) {
    if (audited) {
      // The audit row is in D1 but the EDC did not commit: record that the creation did not happen.
      const s: CreatedSubject = audited;
      c.get("logger")?.error("edc_subject_commit_failed", { dbname: edc.dbname, ...errorFields(err) });
      await appendAudit(db, ctx, [entry("edc.subject.create.rolled_back", s)]).catch((e) =>
        c.get("logger")?.error("audit_append_failed", { action: "edc.subject.create.rolled_back", ...errorFields(e) }),
      );
    }
    throw mapQueryError(err);
  }
};

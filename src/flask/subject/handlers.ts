import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1, type D1BatchItem } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { badRequest, conflict } from "../../lib/problem";
import { requireRole, scopeOf, siteInScope, studyInScope } from "../../scope";
import { assertOpen } from "../closed-study";
import { nextLabel } from "./label";
import * as q from "./queries";
import { studyEventCsvZip } from "./csv-zip";
import type * as routes from "./routes";

export const extractStudyEventCsv: RouteHandler<typeof routes.extractStudyEventCsv, AppEnv> = async (c) =>
  studyEventCsvZip(c, c.req.valid("json").study_id) as never;

export const dataServerExtractCsv: RouteHandler<typeof routes.dataServerExtractCsv, AppEnv> = async (c) =>
  studyEventCsvZip(c, c.req.valid("json").study_id) as never;

const MAX_LABEL_ATTEMPTS = 10;

export const createSubject: RouteHandler<typeof routes.createSubject, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const scope = await scopeOf(db, caller);
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY, ROLE.SITE], "create subjects");
  const study = await studyInScope(db, scope, b.study_id);
  const site = await siteInScope(db, scope, b.site_id);
  if (site.studyId !== study.id)
    throw badRequest("site_mismatch", `Site ${site.id} is not a site of study ${study.id}.`, [
      { path: "/site_id", message: "not a site of this study" },
    ]);
  assertOpen(study);
  const ctx = callerAuditContext(c, caller);
  const now = new Date().toISOString();
  let out = { id: 0, study_id: study.id, site_id: site.id, label: "" };
  for (let attempt = 1; ; attempt++) {
    try {
      await auditedBatch(db, ctx, async () => {
        // Re-read the numerators on every attempt.
        const freshStudy = await studyInScope(db, scope, study.id);
        const freshSite = await siteInScope(db, scope, site.id);
        const next = nextLabel(freshStudy, freshSite);
        const label = b.label ?? next.label;
        if (await q.labelTaken(db, study.id, label)) throw conflict("duplicate_label", `Study ${study.id} already has a subject ${label}.`);
        const id = await q.nextSubjectId(db);
        const row = {
          id,
          customerId: caller.customerId,
          studyId: study.id,
          siteId: site.id,
          label,
          email: b.email ?? null,
          phone: b.phone ?? null,
          firstName: b.first_name ?? null,
          lastName: b.last_name ?? null,
          status: "active",
          icfSigned: 0,
          dateCreated: now,
        };
        out = { id, study_id: study.id, site_id: site.id, label };
        const statements: D1BatchItem[] = [q.insertSubject(db, row)];
        if (!b.label) {
          statements.push(
            next.numerator === "site"
              ? q.advanceSiteNumerator(db, site.id, freshSite.subjectNumerator, next.number)
              : q.advanceStudyNumerator(db, study.id, freshStudy.subjectNumerator, next.number),
          );
        }
        return {
          statements,
          entries: [{ action: "subject.create", entity: "subject", entityId: id, after: { ...row, email: row.email ? "(set)" : null } }],
        };
      });
      break;
    } catch (err) {
      if (
        /UNIQUE constraint failed: subjects\.study_id/.test(
          String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err),
        )
      ) {
        // An automatic label taken by a concurrent create of the same site or study: number again from the
        // numerator it advanced (writers of one tenant are no longer serialised). A label the caller chose is 409.
        if (!b.label && attempt < MAX_LABEL_ATTEMPTS) continue;
        throw conflict("duplicate_label", `Study ${study.id} already has a subject with this label.`);
      }
      throw err;
    }
  }
  return c.json(out, 201);
};

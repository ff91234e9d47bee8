import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1, type D1BatchItem } from "../../db/d1";
import type { AppEnv } from "../../env";
import { callerAuditContext, auditedBatch } from "../../lib/audit";
import { badRequest, conflict } from "../../lib/problem";
import { requireRole, siteChecked, siteRowQuery, studyChecked, studyRowQuery, withScope, type StudyRow } from "../../scope";
import type { sites } from "../../db/schema/foundation";

type SiteRow = typeof sites.$inferSelect;
import { assertOpen } from "../closed-study";
import { nextLabel } from "./label";
import * as q from "./queries";
import { studyEventCsvZip } from "./csv-zip";
import type * as routes from "./routes";

export const extractStudyEventCsv: RouteHandler<typeof routes.extractStudyEventCsv, AppEnv> = async (c) =>
  studyEventCsvZip(c, c.req.valid("json").study_id);

export const dataServerExtractCsv: RouteHandler<typeof routes.dataServerExtractCsv, AppEnv> = async (c) =>
  studyEventCsvZip(c, c.req.valid("json").study_id);

const MAX_LABEL_ATTEMPTS = 10;

const isLabelConflict = (err: unknown) =>
  /UNIQUE constraint failed: subjects\.study_id/.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err));

/**
 * F8: two round trips. The scope, the study, the site, whether a chosen label is taken and the next
 * free id in one batch; the checks and the label run on what it read; then the insert, the numerator's
 * compare-and-set and the audit row in one batch.
 *
 * An automatic label that turns out taken (UNIQUE on study and label) is numbered again from the
 * numerators as stored then, read in one batch. If the numerator has not moved, the label is held by a
 * subject created with a label of its own, and the next number is tried. A label the caller chose and
 * that is taken is 409.
 */
export const createSubject: RouteHandler<typeof routes.createSubject, AppEnv> = async (c) => {
  const b = c.req.valid("json");
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  const { customerId } = caller;
  const reads = () => [
    studyRowQuery(db, customerId, b.study_id),
    siteRowQuery(db, customerId, b.site_id),
    q.nextSubjectIdQuery(db),
    ...(b.label !== undefined ? [q.labelTakenQuery(db, b.study_id, b.label)] : []),
  ];
  const { scope, results } = await withScope(db, caller, reads());
  const [studyRows, siteRows, nextRows, takenRows] = results as [StudyRow[], SiteRow[], { next: number }[], unknown[]?];
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY, ROLE.SITE], "create subjects");
  const study = studyChecked(scope, b.study_id, studyRows[0]);
  const site = siteChecked(scope, b.site_id, siteRows[0]);
  if (site.studyId !== study.id)
    throw badRequest("site_mismatch", `Site ${site.id} is not a site of study ${study.id}.`, [
      { path: "/site_id", message: "not a site of this study" },
    ]);
  assertOpen(study);
  const ctx = callerAuditContext(c, caller);
  const now = new Date().toISOString();
  let read = { study, site, next: nextRows[0]!.next, taken: (takenRows?.length ?? 0) > 0 };
  let out = { id: 0, study_id: study.id, site_id: site.id, label: "" };
  let planned = 0;
  let skip = 0;
  let tried: number | undefined; // the numerator value the last plan numbered from
  let collidedAt: number | undefined; // ...if its label was found taken
  for (let attempt = 1; ; attempt++) {
    try {
      await auditedBatch(db, ctx, async () => {
        // The first plan uses the rows read with the checks; a later one reads them again, in one batch.
        if (planned++ > 0) {
          const [s, t, n, taken] = (await db.batch(reads() as unknown as [D1BatchItem, ...D1BatchItem[]])) as unknown as [
            StudyRow[],
            SiteRow[],
            { next: number }[],
            unknown[]?,
          ];
          read = {
            study: studyChecked(scope, study.id, s[0]),
            site: siteChecked(scope, site.id, t[0]),
            next: n[0]!.next,
            taken: (taken?.length ?? 0) > 0,
          };
        }
        if (read.taken) throw conflict("duplicate_label", `Study ${study.id} already has a subject ${b.label}.`);
        const numerator = nextLabel(read.study, read.site).number;
        skip = collidedAt === numerator ? skip + 1 : 0;
        collidedAt = undefined;
        const next = nextLabel(read.study, read.site, skip);
        const label = b.label ?? next.label;
        const id = read.next;
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
          const from = next.numerator === "site" ? read.site.subjectNumerator : read.study.subjectNumerator;
          statements.push(
            next.numerator === "site"
              ? q.advanceSiteNumerator(db, site.id, from, next.number)
              : q.advanceStudyNumerator(db, study.id, from, next.number),
          );
        }
        tried = numerator;
        return {
          statements,
          entries: [{ action: "subject.create", entity: "subject", entityId: id, after: { ...row, email: row.email ? "(set)" : null } }],
        };
      });
      break;
    } catch (err) {
      if (!isLabelConflict(err)) throw err;
      collidedAt = tried;
      if (!b.label && attempt < MAX_LABEL_ATTEMPTS) continue;
      throw conflict("duplicate_label", `Study ${study.id} already has a subject with this label.`);
    }
  }
  return c.json(out, 201);
};

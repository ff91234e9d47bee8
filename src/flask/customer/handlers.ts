import type { RouteHandler } from "@hono/zod-openapi";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { forbidden, notFound } from "../../lib/problem";
import { streamedJson } from "../../lib/streamed-json";
import { zipDownload } from "../../lib/zip-download";
import type { ZipSource } from "../../lib/zip-r2";
import { billingEnabled, billingMonthOf } from "../billing/month";
import { customerFeatures, monthReports } from "../billing/queries";
import { canSeeStudy, requireRole, scopeOf } from "../../scope";
import { formatFrom, pagedResponse } from "../stream";
import { planExtract } from "./extract-plan";
import { cursorAfter, customerStudyIds, extractPage, FIRST_PAGE, PAGE_ROWS, parseJsonColumns, type ExtractCursor } from "./queries";
import type * as routes from "./routes";
import { errorFields } from "../../lib/logger";

export const extractDataToJson: RouteHandler<typeof routes.extractDataToJson, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const scope = await scopeOf(d1(c.env.DB), callerOf(c));
  requireRole(scope, [ROLE.CUSTOMER_ADMIN, ROLE.STUDY, ROLE.SITE], "extract Flask tables");
  const plan = planExtract(body, scope);
  if (body.studyIds?.length) {
    // Named studies must be the caller's (404 otherwise, as on every route) and in its scope (403).
    const known = await customerStudyIds(c.env.DB, scope.customerId, body.studyIds);
    const missing = body.studyIds.find((id) => !known.has(id));
    if (missing !== undefined) throw notFound("study_not_found", `There is no study ${missing} in your account.`);
    const hidden = body.studyIds.find((id) => !canSeeStudy(scope, id));
    if (hidden !== undefined) throw forbidden("study_forbidden", `Study ${hidden} is not assigned to you.`);
  }
  const logger = c.get("logger");
  const res = await pagedResponse(
    FIRST_PAGE,
    async (after: ExtractCursor) => {
      const rows = await extractPage(c.env.DB, plan, after);
      const next = rows.length === PAGE_ROWS ? cursorAfter(plan, rows.at(-1)!) : null;
      return { items: rows.map((r) => parseJsonColumns(plan.relation, r)), next };
    },
    formatFrom(c.req.header("accept")),
    (err) => logger?.error("flask_extract_interrupted", errorFields(err)),
  );
  return streamedJson<typeof routes.extractDataToJson>(res);
};

/** The body of an R2 object as chunks, read as the zip takes them. */
async function* r2Chunks(bucket: R2Bucket, key: string): AsyncGenerator<Uint8Array> {
  const object = await bucket.get(key);
  if (!object) return;
  const reader = object.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

export const downloadBillingReports: RouteHandler<typeof routes.downloadBillingReports, AppEnv> = async (c) => {
  const { billingDate } = c.req.valid("json");
  const caller = callerOf(c);
  if (caller.roleId !== ROLE.CUSTOMER_ADMIN)
    throw forbidden("role_forbidden", "Only customer administrators and API users may download billing reports.");
  const db = d1(c.env.DB);
  if (!billingEnabled(await customerFeatures(db, caller.customerId))) {
    throw forbidden("feature_disabled", "The billing report feature is not enabled for your account.");
  }
  const month = billingMonthOf(billingDate);
  const reports = await monthReports(db, caller.customerId, month);
  if (reports.length === 0) throw notFound("no_reports", `There are no billing reports for ${month}.`);
  const sources: ZipSource[] = reports.map((r) => ({ name: r.fileName, chunks: r2Chunks(c.env.FILES, r.r2Key) }));
  return zipDownload(c, `billing-reports-${month}.zip`, sources);
};

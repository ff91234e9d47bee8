import type { Context, MiddlewareHandler } from "hono";
import { ROLE } from "../auth/caller";
import { callerOf } from "../auth/middleware";
import { d1 } from "../db/d1";
import { edcClient, edcTarget, type EdcSql, type EdcTarget } from "../db/edc";
import type { AppEnv } from "../env";
import { forbidden } from "../lib/problem";
import { edcDbname, edcForbidden, edcStudyOf, resolveScope, siteCodesIn, type Scope } from "../scope";
import type { RowScope } from "./row-scope";

export interface EdcContext extends EdcTarget {
  sql: EdcSql;
  /** The caller's Flask study that names this EDC database. */
  studyId: number;
  /** The caller's scope (tenant, then role). */
  scope: Scope;
  /** Which EDC rows the caller may read: null = every row (customer admins, API and study-role users). */
  rows: RowScope | null;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by the EDC header middleware on /edc routes. */
    edc: EdcContext | undefined;
  }
}

/**
 * The EDC rows a site-role caller (its sites in the studies of this EDC database) or a subject-role
 * caller (its own subject, at its site) may read. A subject without a site cannot be tied to an EDC
 * site: refused.
 */
function rowScopeOf(scope: Scope, studyIds: number[], dbname: string): RowScope | null {
  const siteCodes = siteCodesIn(scope, studyIds);
  if (siteCodes === null) return null;
  if (scope.roleId !== ROLE.SUBJECT) return { siteCodes, subjectLabel: null };
  if (!scope.subject || siteCodes.length === 0) {
    throw forbidden("edc_forbidden", `Your subject has no site in the EDC database ${JSON.stringify(dbname)}.`);
  }
  return { siteCodes, subjectLabel: scope.subject.label };
}

/**
 * `EDC: <dbname>` on every /edc route (flaskdata-api.md §0.3): 400 when absent; 403 unless a study of
 * the caller's customer that the caller's scope covers has that dbname; then the registry gives the
 * Hyperdrive binding and schema. The scope and the studies of the dbname are read in one D1 batch.
 */
export const requireEdc: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = callerOf(c);
  const header = c.req.header("edc");
  const dbname = edcDbname(header);
  const { scope, edcStudies } = await resolveScope(d1(c.env.DB), caller, dbname);
  const { study, all } = edcStudyOf(scope, header, edcStudies);
  const target = edcTarget(c.env, study.dbname!);
  if (!target) throw edcForbidden(study.dbname!);
  const rows = rowScopeOf(
    scope,
    all.map((s) => s.id),
    target.dbname,
  );
  c.set("edc", { ...target, sql: edcClient(c.env, target), studyId: study.id, scope, rows });
  await next();
};

export function edcOf(c: Context<AppEnv>): EdcContext {
  const ctx = c.get("edc");
  if (!ctx) throw new Error("requireEdc middleware missing on this route");
  return ctx;
}

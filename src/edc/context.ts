import type { Context, MiddlewareHandler } from "hono";
import { and, eq, inArray } from "drizzle-orm";
import { callerOf } from "../auth/middleware";
import { ROLE, type Caller } from "../auth/caller";
import { d1 } from "../db/d1";
import { edcClient, edcTarget, type EdcSql, type EdcTarget } from "../db/edc";
import { siteUsers, sites, studies, studyUsers } from "../db/schema/foundation";
import type { AppEnv } from "../env";
import { badRequest, forbidden } from "../lib/problem";

export interface EdcContext extends EdcTarget {
  sql: EdcSql;
  /** The caller's Flask study that names this EDC database. */
  studyId: number;
}

/** The studies of the caller's customer that use `dbname` and that the caller may see. */
async function visibleStudyIds(env: AppEnv["Bindings"], caller: Caller, dbname: string): Promise<number[]> {
  const db = d1(env.DB);
  const rows = await db.select({ id: studies.id }).from(studies).where(and(eq(studies.customerId, caller.customerId), eq(studies.dbname, dbname)));
  const ids = rows.map((r) => r.id);
  if (ids.length === 0 || caller.roleId === ROLE.CUSTOMER_ADMIN) return ids;
  if (caller.roleId === ROLE.STUDY) {
    const assigned = await db.select({ id: studyUsers.studyId }).from(studyUsers).where(and(eq(studyUsers.userId, caller.userId), inArray(studyUsers.studyId, ids)));
    return assigned.map((r) => r.id);
  }
  if (caller.roleId === ROLE.SITE) {
    const assigned = await db
      .select({ id: sites.studyId })
      .from(siteUsers)
      .innerJoin(sites, eq(sites.id, siteUsers.siteId))
      .where(and(eq(siteUsers.userId, caller.userId), inArray(sites.studyId, ids)));
    return assigned.map((r) => r.id);
  }
  return [];
}

/**
 * `EDC: <dbname>` on every /edc route (flaskdata-api.md §0.3): 400 when absent; 403 unless a study of
 * the caller's customer (assigned to the caller, for study and site roles) has that dbname; then the
 * registry gives the Hyperdrive binding and schema. Subject-role users never reach the EDC.
 */
export const requireEdc: MiddlewareHandler<AppEnv> = async (c, next) => {
  const dbname = c.req.header("edc")?.trim();
  if (!dbname) throw badRequest("edc_header_missing", "The EDC header must name the EDC database (the study's dbname).");
  const caller = callerOf(c);
  const denied = forbidden("edc_forbidden", `No study of yours uses the EDC database ${JSON.stringify(dbname.slice(0, 64))}.`);
  if (caller.roleId === ROLE.SUBJECT || dbname.length > 64) throw denied;
  const studyIds = await visibleStudyIds(c.env, caller, dbname);
  const target = edcTarget(c.env, dbname);
  if (studyIds.length === 0 || !target) throw denied;
  c.set("edc", { ...target, sql: edcClient(c.env, target), studyId: studyIds[0]! });
  await next();
};

export function edcOf(c: Context<AppEnv>): EdcContext {
  const ctx = c.get("edc");
  if (!ctx) throw new Error("requireEdc middleware missing on this route");
  return ctx;
}

import { and, eq, sql, type SQL } from "drizzle-orm";
import { ROLE, type Caller } from "../auth/caller";
import type { D1Db } from "../db/d1";
import { siteUsers, sites, studies } from "../db/schema/foundation";
import { roleQuery, roleScope, type Scope } from "./policy";

type Query = Parameters<D1Db["batch"]>[0][number];

/**
 * The caller's scope and a read's own queries in one D1 round trip: from far away every query waited
 * on in sequence costs one. The read's queries are built before the scope is known, so they filter by
 * the scope's SQL forms below (subqueries over the same assignment rows the scope is resolved from);
 * checks on the results (role, study in scope) are made once the batch returns, and a failed check
 * discards everything read.
 */
export async function withScope(db: D1Db, caller: Caller, reads: Query[]): Promise<{ scope: Scope; results: unknown[][] }> {
  const role = roleQuery(db, caller);
  const queries = role ? [role, ...reads] : reads;
  const all = queries.length ? ((await db.batch(queries as [Query, ...Query[]])) as unknown[][]) : [];
  const scope = {
    customerId: caller.customerId,
    roleId: caller.roleId,
    userId: caller.userId,
    ...roleScope(caller.roleId, role ? all[0]! : []),
  };
  return { scope, results: role ? all.slice(1) : all };
}

/**
 * SQL of the site ids a caller is limited to (as roleScope's `siteIds`): null when there is no site
 * limit (customer admins, API and study-role users); site role: its assigned sites; subject role: its
 * own subject's site; any other role: none.
 */
export function siteIdsSql(db: D1Db, caller: Caller): SQL | null {
  switch (caller.roleId) {
    case ROLE.CUSTOMER_ADMIN:
    case ROLE.STUDY:
      return null;
    case ROLE.SITE:
      return sql`(SELECT ${sites.id} FROM ${siteUsers} INNER JOIN ${sites} ON ${sites.id} = ${siteUsers.siteId} WHERE ${siteUsers.userId} = ${caller.userId} AND ${sites.customerId} = ${caller.customerId})`;
    case ROLE.SUBJECT:
      return sql`(SELECT site_id FROM ${roleQuery(db, caller)!} WHERE unique_identifier IS NOT NULL)`;
    default:
      return sql`(SELECT NULL WHERE 0)`;
  }
}

/** SQL of a subject-role caller's own subject id (NULL, matching nothing, when it has none); null for other roles. */
export function ownSubjectIdSql(db: D1Db, caller: Caller): SQL | null {
  if (caller.roleId !== ROLE.SUBJECT) return null;
  return sql`(SELECT id FROM ${roleQuery(db, caller)!})`;
}

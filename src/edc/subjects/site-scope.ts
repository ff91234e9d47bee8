import { and, eq } from "drizzle-orm";
import type { Caller } from "../../auth/caller";
import { d1 } from "../../db/d1";
import { siteUsers, sites, studies } from "../../db/schema/foundation";
import type { Env } from "../../env";

/**
 * The EDC site identifiers a site-role caller works at, in the studies of this EDC database: the
 * Flask sites assigned to them (`site_users`) whose `unique_identifier` is the EDC site's.
 */
export async function assignedSiteCodes(env: Env, caller: Caller, dbname: string): Promise<string[]> {
  const rows = await d1(env.DB)
    .select({ code: sites.uniqueIdentifier })
    .from(siteUsers)
    .innerJoin(sites, eq(sites.id, siteUsers.siteId))
    .innerJoin(studies, eq(studies.id, sites.studyId))
    .where(and(eq(siteUsers.userId, caller.userId), eq(studies.customerId, caller.customerId), eq(studies.dbname, dbname)));
  return [...new Set(rows.map((r) => r.code))];
}

import { and, eq, sql, type SQL } from "drizzle-orm";
import { ccUsers, type CcUser } from "../../db/schema/commcare";
import { ccBadRequest, ccEmpty } from "../errors";
import { safeBool } from "../pagination/es-filters";
import { lastValue } from "../pagination/limit-offset";
import { paginate } from "../pagination/page";
import type { OrderKey } from "../pagination/order";
import { ccFormatted, formatOf } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import {
  countWorkers,
  findGroupId,
  findWorker,
  inGroup,
  mobileWorkersOf,
  selectWorkers,
  workerId,
  workerIdsPage,
  workerRelations,
  type WorkerRelations,
} from "./queries";
import { serializeWorker } from "./serialize";

/** Users page by username (then id), so a keyset cursor is stable across pages. */
export const BY_USERNAME: OrderKey[] = [{ field: "username", desc: false }];
export const USERNAME_COLUMNS = { username: ccUsers.username };

/**
 * `username` filters by the worker's username (full, or the part before `@`, any case) unless it
 * names the API caller, which it does when `api_key` is in the query too (§2.2 credentials in data).
 */
function usernameFilter(r: CcRequest): SQL | null {
  const username = lastValue(r.query, "username");
  if (username === undefined || r.query.has("api_key")) return null;
  const value = username.trim().toLowerCase();
  const full = value.includes("@") ? value : `${value}@${r.domain.name}.commcarehq.org`;
  return sql`lower(${ccUsers.username}) = ${full}`;
}

function serializeAll(r: CcRequest, users: CcUser[], rel: WorkerRelations) {
  const xml = formatOf(r) === "xml";
  return users.map((u) => serializeWorker(u, r.domain.name, `${r.origin}${r.listPath}`, rel, xml));
}

/**
 * GET user/ (`v0_1.CommCareUserResource.obj_get_list`): the domain's mobile workers; `archived=true`
 * lists only archived (inactive) ones; `group=<id>` the group's active members (a group of another
 * domain, or none, is a 400 with HQ's message); `username`; offset or `cursor` paging.
 */
export async function listUsers(r: CcRequest): Promise<Response> {
  const conds: SQL[] = [mobileWorkersOf(r.domain.id)];
  const groupId = lastValue(r.query, "group");
  if (groupId) {
    const group = await findGroupId(r.db, r.domain.id, groupId);
    if (group === null) throw ccBadRequest(`Project ${r.domain.name} has no group with id=${groupId}`);
    conds.push(inGroup(r.domain.id, group), eq(ccUsers.isActive, 1));
  } else {
    conds.push(eq(ccUsers.isActive, safeBool(lastValue(r.query, "archived")) ? 0 : 1));
  }
  const byName = usernameFilter(r);
  if (byName) conds.push(byName);
  const where = and(...conds)!;
  let rel: WorkerRelations = { locations: new Map(), groups: new Map() };
  const page = await paginate<CcUser>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 1000,
    order: BY_USERNAME,
    columns: USERNAME_COLUMNS,
    id: ccUsers.id,
    keyOf: (u) => [u.username, u.id],
    count: () => countWorkers(r.db, where),
    // The page's locations and groups are read with the page (by the same query's ids), at once.
    rows: async (extra, orderBy, limit, offset) => {
      const w = extra ? and(where, extra)! : where;
      const [rows, related] = await Promise.all([
        selectWorkers(r.db, w, orderBy, limit, offset),
        workerRelations(r.db, r.domain.id, workerIdsPage(r.db, w, orderBy, limit, offset)),
      ]);
      rel = related;
      return rows;
    },
  });
  return ccFormatted(r, { meta: page.meta, objects: serializeAll(r, page.rows, rel) }, "response", 200, { idAttribute: true });
}

/** GET user/{id}/: one mobile worker of this domain, archived or not; anything else 404. */
export async function getUser(r: CcRequest): Promise<Response> {
  const uuid = r.pk ?? "";
  const [user, rel] = await Promise.all([
    findWorker(r.db, r.domain.id, uuid),
    workerRelations(r.db, r.domain.id, workerId(r.db, r.domain.id, uuid)),
  ]);
  if (!user) throw ccEmpty(404);
  const [object] = serializeAll(r, [user], rel);
  return ccFormatted(r, object, "object", 200, { idAttribute: true });
}

import { and } from "drizzle-orm";
import { ccGroups, type CcGroup } from "../../db/schema/commcare";
import { ccEmpty } from "../errors";
import { paginate } from "../pagination/page";
import type { OrderKey } from "../pagination/order";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { countGroups, findGroup, groupId, groupIdsPage, groupsOf, membersOf, selectGroups } from "./queries";
import { serializeGroup } from "./serialize";

const BY_NAME: OrderKey[] = [{ field: "name", desc: false }];

function serializeAll(r: CcRequest, groups: CcGroup[], members: Map<number, string[]>) {
  return groups.map((g) => serializeGroup(g, r.domain.name, `${r.origin}${r.listPath}`, members.get(g.id) ?? []));
}

/** GET group/ (`GroupResource`): the domain's groups by name, with their members' ids; offset or `cursor` paging. */
export async function listGroups(r: CcRequest): Promise<Response> {
  const where = groupsOf(r.domain.id);
  let members = new Map<number, string[]>();
  const page = await paginate<CcGroup>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 1000,
    order: BY_NAME,
    columns: { name: ccGroups.name },
    id: ccGroups.id,
    keyOf: (g) => [g.name, g.id],
    count: () => countGroups(r.db, where),
    // The page's members are read with the page (by the same query's ids), at once.
    rows: async (extra, orderBy, limit, offset) => {
      const w = extra ? and(where, extra)! : where;
      const [rows, held] = await Promise.all([
        selectGroups(r.db, w, orderBy, limit, offset),
        membersOf(r.db, r.domain.id, groupIdsPage(r.db, w, orderBy, limit, offset)),
      ]);
      members = held;
      return rows;
    },
  });
  return ccFormatted(r, { meta: page.meta, objects: serializeAll(r, page.rows, members) }, "response", 200, { idAttribute: true });
}

/** GET group/{id}/: a group of this domain; anything else 404. */
export async function getGroup(r: CcRequest): Promise<Response> {
  const uuid = r.pk ?? "";
  const [group, members] = await Promise.all([
    findGroup(r.db, r.domain.id, uuid),
    membersOf(r.db, r.domain.id, groupId(r.db, r.domain.id, uuid)),
  ]);
  if (!group) throw ccEmpty(404);
  const [object] = serializeAll(r, [group], members);
  return ccFormatted(r, object, "object", 200, { idAttribute: true });
}

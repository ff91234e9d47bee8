import { and } from "drizzle-orm";
import { ccGroups, type CcGroup } from "../../db/schema/commcare";
import { ccEmpty } from "../errors";
import { paginate } from "../pagination/page";
import type { OrderKey } from "../pagination/order";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { countGroups, findGroup, groupsOf, membersOf, selectGroups } from "./queries";
import { serializeGroup } from "./serialize";

const BY_NAME: OrderKey[] = [{ field: "name", desc: false }];

async function serializeAll(r: CcRequest, groups: CcGroup[]) {
  const members = await membersOf(r.db, r.domain.id, groups);
  return groups.map((g) => serializeGroup(g, r.domain.name, `${r.origin}${r.listPath}`, members.get(g.id) ?? []));
}

/** GET group/ (`GroupResource`): the domain's groups by name, with their members' ids; offset or `cursor` paging. */
export async function listGroups(r: CcRequest): Promise<Response> {
  const where = groupsOf(r.domain.id);
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
    rows: (extra, orderBy, limit, offset) => selectGroups(r.db, extra ? and(where, extra)! : where, orderBy, limit, offset),
  });
  return ccFormatted(r, { meta: page.meta, objects: await serializeAll(r, page.rows) }, "response", 200, { idAttribute: true });
}

/** GET group/{id}/: a group of this domain; anything else 404. */
export async function getGroup(r: CcRequest): Promise<Response> {
  const group = await findGroup(r.db, r.domain.id, r.pk ?? "");
  if (!group) throw ccEmpty(404);
  const [object] = await serializeAll(r, [group]);
  return ccFormatted(r, object, "object", 200, { idAttribute: true });
}

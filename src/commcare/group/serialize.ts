import type { CcGroup } from "../../db/schema/commcare";
import { jsonObject } from "../user/serialize";

/** A group as `v0_4.GroupResource` serves it. */
export function serializeGroup(g: CcGroup, domain: string, detailBase: string, members: string[]) {
  return {
    case_sharing: g.caseSharing === 1,
    domain,
    id: g.groupUuid,
    metadata: jsonObject(g.metadata),
    name: g.name,
    reporting: g.reporting === 1,
    resource_uri: `${detailBase}${g.groupUuid}/`,
    users: members,
  };
}

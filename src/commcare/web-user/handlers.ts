import { and, sql, type SQL } from "drizzle-orm";
import { ccUsers } from "../../db/schema/commcare";
import { ccEmpty } from "../errors";
import { lastValue } from "../pagination/limit-offset";
import { paginate } from "../pagination/page";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { BY_USERNAME, USERNAME_COLUMNS } from "../user/handlers";
import { countWebMembers, findWebMember, selectWebMembers, webMembersOf, type WebMember } from "./queries";
import { serializeWebUser } from "./serialize";

/**
 * GET web-user/: the domain's web users (members only: HQ's `web_username` looks a user up
 * anywhere, here it never leaves the domain); `web_username` (any case) narrows to one.
 */
export async function listWebUsers(r: CcRequest): Promise<Response> {
  const conds: SQL[] = [webMembersOf(r.domain.id)];
  const username = lastValue(r.query, "web_username");
  if (username !== undefined) conds.push(sql`lower(${ccUsers.username}) = ${username.trim().toLowerCase()}`);
  const where = and(...conds)!;
  const page = await paginate<WebMember>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 1000,
    order: BY_USERNAME,
    columns: USERNAME_COLUMNS,
    id: ccUsers.id,
    keyOf: (m) => [m.user.username, m.user.id],
    count: () => countWebMembers(r.db, where),
    rows: (extra, orderBy, limit, offset) => selectWebMembers(r.db, extra ? and(where, extra)! : where, orderBy, limit, offset),
  });
  const base = `${r.origin}${r.listPath}`;
  const objects = page.rows.map((m) => serializeWebUser(m, base));
  return ccFormatted(r, { meta: page.meta, objects }, "response", 200, { idAttribute: true });
}

/** GET web-user/{id}/: a web member of this domain; anyone else 404. */
export async function getWebUser(r: CcRequest): Promise<Response> {
  const member = await findWebMember(r.db, r.domain.id, r.pk ?? "");
  if (!member) throw ccEmpty(404);
  return ccFormatted(r, serializeWebUser(member, `${r.origin}${r.listPath}`), "object", 200, { idAttribute: true });
}

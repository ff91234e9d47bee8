import { ccBadRequest, ccEmpty } from "../errors";
import { offsetMeta } from "../pagination/meta";
import { parseLimitOffset } from "../pagination/limit-offset";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { domainUsers } from "./queries";
import { matchesQuery, MAX_QUERY_LENGTH, parseQuery } from "./query-string";

export const BULK_USER_FIELDS = ["id", "email", "username", "first_name", "last_name", "phone_numbers", "resource_uri"];

/** `fields` values must be resource fields, else 400 `<f> is not a valid field`. */
export function selectedFields(query: URLSearchParams): string[] | null {
  const fields = query.getAll("fields");
  if (!fields.length) return null;
  for (const f of fields) if (!BULK_USER_FIELDS.includes(f)) throw ccBadRequest(`${f} is not a valid field`);
  return fields;
}

/** GET bulk-user/: `q`, `fields`, offset applied once and the true total (Q11); JSON or XML. */
export async function listBulkUsers(r: CcRequest): Promise<Response> {
  const fields = selectedFields(r.query);
  const { limit, offset } = parseLimitOffset(r.query, 20, 1000);
  const q = r.query.getAll("q").at(-1)?.trim();
  if (q && q.length > MAX_QUERY_LENGTH) throw ccBadRequest(`q is longer than ${MAX_QUERY_LENGTH} characters`);
  const terms = q ? parseQuery(q) : [];
  const users = (await domainUsers(r.db, r.domain.id)).filter((u) =>
    matchesQuery({ username: u.username, email: u.email, first_name: u.firstName, last_name: u.lastName }, terms),
  );
  const objects = users.slice(offset, offset + limit).map((u) => {
    const full: Record<string, unknown> = {
      email: u.email,
      first_name: u.firstName,
      id: u.userUuid,
      last_name: u.lastName,
      phone_numbers: JSON.parse(u.phoneNumbers) as string[],
      resource_uri: `${r.origin}${r.listPath}${u.userUuid}/`,
      username: u.username,
    };
    return fields ? Object.fromEntries(fields.map((f) => [f, full[f]])) : full;
  });
  return ccFormatted(r, { meta: offsetMeta(r.listPath, r.query, limit, offset, users.length), objects }, "response", 200, {
    idAttribute: true,
  });
}

/** Detail is routed but not implemented in the reference (500); here 404. */
export async function getBulkUser(): Promise<Response> {
  throw ccEmpty(404);
}

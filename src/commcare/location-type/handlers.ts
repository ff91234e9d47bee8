import { ccEmpty } from "../errors";
import { offsetMeta } from "../pagination/meta";
import { parseLimitOffset } from "../pagination/limit-offset";
import { parseOrderBy } from "../pagination/order";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { countLocationTypes, findLocationType, listLocationTypes } from "./queries";
import { serializeLocationType } from "./serialize";

export const LOCATION_TYPE_FIELDS = [
  "administrative",
  "code",
  "domain",
  "id",
  "name",
  "parent",
  "resource_uri",
  "shares_cases",
  "view_descendants",
];

/** GET location_type/: no filters besides the domain, no ordering, stable by id. */
export async function listTypes(r: CcRequest): Promise<Response> {
  parseOrderBy(r.query.getAll("order_by"), LOCATION_TYPE_FIELDS, [], []);
  const { limit, offset } = parseLimitOffset(r.query, 20, 1000);
  const [total, rows] = await Promise.all([countLocationTypes(r.db, r.domain.id), listLocationTypes(r.db, r.domain.id, limit, offset)]);
  return ccFormatted(
    r,
    {
      meta: offsetMeta(r.listPath, r.query, limit, offset, total),
      objects: rows.map((t) => serializeLocationType(t, r.origin, r.domain.name, r.scheme)),
    },
    "response",
  );
}

export async function getType(r: CcRequest): Promise<Response> {
  const id = /^\d+$/.test(r.pk ?? "") ? Number(r.pk) : NaN;
  const t = Number.isSafeInteger(id) ? await findLocationType(r.db, r.domain.id, id) : null;
  if (!t) throw ccEmpty(404);
  return ccFormatted(r, serializeLocationType(t, r.origin, r.domain.name, r.scheme), "object");
}

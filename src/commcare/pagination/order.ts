import { ccBadRequest } from "../errors";

export interface OrderKey {
  field: string;
  desc: boolean;
}

/**
 * `?order_by=f` / `-f`, repeatable (§2.5). A name that is not a resource field →
 * `No matching '<f>' field for ordering on.`; a field outside `orderable` →
 * `The '<f>' field does not allow ordering.`. No order_by → the resource default.
 */
export function parseOrderBy(values: string[], fields: readonly string[], orderable: readonly string[], fallback: OrderKey[]): OrderKey[] {
  const keys = values.filter((v) => v !== "");
  if (keys.length === 0) return fallback;
  return keys.map((raw) => {
    const desc = raw.startsWith("-");
    const field = (desc ? raw.slice(1) : raw).split("__")[0]!;
    if (!fields.includes(field)) throw ccBadRequest(`No matching '${field}' field for ordering on.`);
    if (!orderable.includes(field)) throw ccBadRequest(`The '${field}' field does not allow ordering.`);
    return { field, desc };
  });
}

/** The signature a cursor is bound to: the same ordering must be asked for on the next page. */
export const orderSignature = (keys: OrderKey[]) => keys.map((k) => (k.desc ? `-${k.field}` : k.field)).join(",");

import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { ccBadRequest } from "../errors";
import { orderSignature, type OrderKey } from "./order";

export type KeyValue = string | number;

/**
 * Q15 keyset cursor: `[signature, ...sort values, id]` of the last row served. `cursor=` (empty)
 * starts keyset paging at the first row. A cursor made for another ordering, or not made here, → 400.
 */
export function readCursor(raw: string | undefined, order: OrderKey[]): { after: KeyValue[] | null } | null {
  if (raw === undefined) return null;
  if (raw === "") return { after: null };
  const values = decodeCursor(raw);
  const ok =
    values !== null &&
    values.length === order.length + 2 &&
    values[0] === orderSignature(order) &&
    values.slice(1).every((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)));
  if (!ok) throw ccBadRequest(`Invalid cursor '${raw}' provided.`);
  return { after: values!.slice(1) as KeyValue[] };
}

export const makeCursor = (order: OrderKey[], values: KeyValue[]) => encodeCursor([orderSignature(order), ...values]);

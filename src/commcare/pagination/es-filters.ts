import { parseQueryDate } from "../dates";
import { ccBadRequest } from "../errors";

/**
 * Params that are never filters on the ES-backed form and case lists (§3.2), plus this project's
 * `cursor` (Q15) and `count` (§5: `count=false` skips the total), so neither filters to zero rows.
 */
export const RESERVED = new Set(["limit", "offset", "order_by", "q", "api_key", "username", "format", "cursor", "count"]);
export const isReserved = (key: string) => RESERVED.has(key) || key.endsWith("__full");

/** The last value of every key, in first-seen order ("for repeated keys the last value is used"). */
export function lastValues(query: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of query) out.set(k, v);
  return out;
}

/** A `_start`/`_end` date (Q5) as the stored string, or 400 with the reference message. */
export function queryDate(value: string): string {
  const parsed = parseQueryDate(value);
  if (parsed === null) throw ccBadRequest(`Bad query parameter: Unknown date format: ${value}`);
  return parsed;
}

/** `?x__full=true`: exactly "true", any case (`fields.UseIfRequested`). */
export const wantsFull = (query: URLSearchParams, key: string) => (query.getAll(key).at(-1) ?? "").toLowerCase() === "true";

const TRUE = new Set(["true", "t", "yes", "y", "1", "on"]);
/** `_safe_bool` of `v0_1`: true/t/yes/y/1 (any case) → true, anything else → false. */
export const safeBool = (v: string | undefined) => v !== undefined && TRUE.has(v.trim().toLowerCase());

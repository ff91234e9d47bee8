import { ccBadRequest } from "../errors";

/** tastypie reads `request.GET.get(k)`: the last value of a repeated key. */
export const lastValue = (q: URLSearchParams, key: string): string | undefined => {
  const all = q.getAll(key);
  return all.length ? all[all.length - 1] : undefined;
};

const INT = /^\s*[+-]?\d+\s*$/;

/**
 * tastypie `Paginator.get_limit` / `get_offset` (commcare-api.md §2.4, Q3): limit first, then offset.
 * `limit=0` and limits over the maximum become the maximum.
 */
export function parseLimitOffset(q: URLSearchParams, defaultLimit: number, maxLimit: number): { limit: number; offset: number } {
  const rawLimit = lastValue(q, "limit");
  let limit = defaultLimit;
  if (rawLimit !== undefined) {
    if (!INT.test(rawLimit)) throw ccBadRequest(`Invalid limit '${rawLimit}' provided. Please provide a positive integer.`);
    limit = Number(rawLimit.trim());
    if (limit < 0) throw ccBadRequest(`Invalid limit '${rawLimit}' provided. Please provide a positive integer >= 0.`);
  }
  if (limit === 0 || limit > maxLimit) limit = maxLimit;
  const rawOffset = lastValue(q, "offset");
  let offset = 0;
  if (rawOffset !== undefined) {
    if (!INT.test(rawOffset)) throw ccBadRequest(`Invalid offset '${rawOffset}' provided. Please provide an integer.`);
    offset = Number(rawOffset.trim());
    if (offset < 0) throw ccBadRequest(`Invalid offset '${rawOffset}' provided. Please provide a positive integer >= 0.`);
  }
  return { limit, offset };
}

/** D1 binds at most 100 parameters per statement (platform-notes.md §3.1): long lists are sent in chunks. */
export const D1_MAX_PARAMS = 100;

/**
 * Ids per `IN (…)` chunk: under D1's bound, leaving room for the statement's other parameters (a domain
 * id, …).
 */
export const IN_CHUNK = 90;

/** Consecutive slices of `items`, each of at most `size` items (at least one). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out;
}

/** Rows per multi-row INSERT of `columns` bound columns that stay under D1's bound. */
export const rowsPerInsert = (columns: number) => Math.floor(D1_MAX_PARAMS / columns);

/**
 * Runs `query` once per chunk of the distinct `values` and concatenates the rows, chunk by chunk.
 * Rows of one value all come from the same chunk, so a per-chunk ORDER BY still orders the rows of
 * each value; callers that need a global order sort the result.
 */
export async function inChunks<T, R>(values: readonly T[], query: (chunk: T[]) => Promise<R[]>, size = IN_CHUNK): Promise<R[]> {
  return (await Promise.all(chunks([...new Set(values)], size).map(query))).flat();
}

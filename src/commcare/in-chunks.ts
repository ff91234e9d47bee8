import type { SQLiteSelect } from "drizzle-orm/sqlite-core";

/**
 * D1 binds at most 100 parameters per statement, so an `IN (…)` list of ids is sent in chunks,
 * leaving room for the statement's other parameters (a domain id, …).
 */
export const IN_CHUNK = 90;

/**
 * Runs `query` once per chunk of the distinct `values` and concatenates the rows, chunk by chunk.
 * Rows of one value all come from the same chunk, so a per-chunk ORDER BY still orders the rows of
 * each value; callers that need a global order sort the result.
 */
export async function inChunks<T, R>(values: readonly T[], query: (chunk: T[]) => Promise<R[]>, size = IN_CHUNK): Promise<R[]> {
  const unique = [...new Set(values)];
  const chunks: T[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return (await Promise.all(chunks.map(query))).flat();
}

/**
 * Rows for ids given either as values (sent in chunks) or as a subquery (one statement, so it can go
 * in the same round trip as the query that selects those ids).
 */
export function byIds<T, R>(ids: readonly T[] | SQLiteSelect, query: (ids: T[] | SQLiteSelect) => Promise<R[]>): Promise<R[]> {
  return Array.isArray(ids) ? inChunks(ids as readonly T[], query) : query(ids as SQLiteSelect);
}

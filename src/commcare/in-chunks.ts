import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { inChunks } from "../lib/chunks";

export { IN_CHUNK, inChunks } from "../lib/chunks";

/**
 * Rows for ids given either as values (sent in chunks) or as a subquery (one statement, so it can go
 * in the same round trip as the query that selects those ids).
 */
export function byIds<T, R>(ids: readonly T[] | SQLiteSelect, query: (ids: T[] | SQLiteSelect) => Promise<R[]>): Promise<R[]> {
  return Array.isArray(ids) ? inChunks(ids as readonly T[], query) : query(ids as SQLiteSelect);
}

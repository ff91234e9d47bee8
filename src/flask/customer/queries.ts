import type { Relation } from "./relations";

/** The ids among `ids` that are studies of the customer. */
export async function customerStudyIds(db: D1Database, customerId: number, ids: number[]): Promise<Set<number>> {
  const { results } = await db.prepare("SELECT id FROM studies WHERE customer_id = ? AND id IN (SELECT value FROM json_each(?))").bind(customerId, JSON.stringify(ids)).all<{ id: number }>();
  return new Set(results.map((r) => r.id));
}

export const PAGE_ROWS = 500;

/** One keyset page of an F1 plan: `<select> AND id > ? ORDER BY id LIMIT 500`. */
export async function extractPage(db: D1Database, select: string, params: unknown[], afterId: number): Promise<Record<string, unknown>[]> {
  const { results } = await db.prepare(`${select} AND id > ? ORDER BY id LIMIT ${PAGE_ROWS}`).bind(...params, afterId).all<Record<string, unknown>>();
  return results;
}

/** JSON text columns as values; a value that is not JSON is returned as stored. */
export function parseJsonColumns(relation: Relation, row: Record<string, unknown>): Record<string, unknown> {
  if (!relation.json) return row;
  for (const col of relation.json) {
    const v = row[col];
    if (typeof v === "string") {
      try {
        row[col] = JSON.parse(v);
      } catch {
        /* stored verbatim */
      }
    }
  }
  return row;
}

import type { ExtractPlan } from "./extract-plan";
import type { Relation } from "./relations";

/** The ids among `ids` that are studies of the customer. */
export async function customerStudyIds(db: D1Database, customerId: number, ids: number[]): Promise<Set<number>> {
  const { results } = await db
    .prepare("SELECT id FROM studies WHERE customer_id = ? AND id IN (SELECT value FROM json_each(?))")
    .bind(customerId, JSON.stringify(ids))
    .all<{ id: number }>();
  return new Set(results.map((r) => r.id));
}

export const PAGE_ROWS = 500;

/** Where the next F1 page starts: after row `id` (and, on a date keyset, its date). */
export interface ExtractCursor {
  date: string | null;
  id: number;
}

export const FIRST_PAGE: ExtractCursor = { date: null, id: 0 };

/**
 * The SQL of one keyset page of an F1 plan. By id: `<select> AND id > ? ORDER BY id`. By date:
 * `<select> AND <date> >= ? AND (<date>, id) > (?, ?) ORDER BY <date>, id`: the lower bound is the
 * later of fromDate and the cursor's date, which SQLite seeks the (customer_id, <date>, id) index to;
 * the row value then skips the rows of the cursor's date up to its id. (SQLite does not seek by a row
 * value whose first term is an expression, such as COALESCE(date_updated, date_created), hence the
 * separate `>=`.)
 */
export function extractPageSql(plan: ExtractPlan, after: ExtractCursor): { sql: string; params: unknown[] } {
  const limit = ` LIMIT ${PAGE_ROWS}`;
  if (plan.keyset.kind === "id") return { sql: `${plan.select} AND id > ? ORDER BY id${limit}`, params: [...plan.params, after.id] };
  const { column, from } = plan.keyset;
  const cursorFirst = after.date !== null && (from === null || after.date >= from);
  const lower = cursorFirst ? after.date : from;
  let sql = plan.select;
  const params = [...plan.params];
  if (lower !== null) {
    sql += ` AND ${column} >= ?`;
    params.push(lower);
  }
  if (cursorFirst) {
    sql += ` AND (${column}, id) > (?, ?)`;
    params.push(after.date, after.id);
  }
  return { sql: `${sql} ORDER BY ${column}, id${limit}`, params };
}

/** The cursor after `row`, the last row of a page. */
export function cursorAfter(plan: ExtractPlan, row: Record<string, unknown>): ExtractCursor {
  const id = Number(row.id);
  if (plan.keyset.kind === "id") return { date: null, id };
  const { updated, created } = plan.relation;
  return { date: String((updated ? row[updated] : null) ?? row[created!]), id };
}

/** One keyset page of an F1 plan (PAGE_ROWS rows at most). */
export async function extractPage(db: D1Database, plan: ExtractPlan, after: ExtractCursor): Promise<Record<string, unknown>[]> {
  const q = extractPageSql(plan, after);
  const { results } = await db
    .prepare(q.sql)
    .bind(...q.params)
    .all<Record<string, unknown>>();
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

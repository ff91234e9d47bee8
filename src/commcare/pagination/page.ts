import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { makeCursor, readCursor, type KeyValue } from "./cursor";
import { parseLimitOffset, lastValue } from "./limit-offset";
import { cursorMeta, offsetMeta, uncountedOffsetMeta, type PageMeta } from "./meta";
import { ccBadRequest } from "../errors";
import { safeBool } from "./es-filters";
import type { OrderKey } from "./order";

/** ORDER BY of an ordering, always ending with the row id (Q7), so pages never overlap. */
export function orderClauses(order: OrderKey[], columns: Record<string, SQLiteColumn>, id: SQLiteColumn): SQL[] {
  return [...order.map((k) => (k.desc ? desc(columns[k.field]!) : asc(columns[k.field]!))), asc(id)];
}

/**
 * Rows strictly after `after` (sort values then id) in that ordering. The OR of branches alone makes
 * SQLite read the index from its start (it cannot seek on an OR), so the leading key also gets a plain
 * range bound (`>=`, or `<=` when descending) that lets it seek straight to the cursor's position.
 */
export function keysetAfter(order: OrderKey[], columns: Record<string, SQLiteColumn>, id: SQLiteColumn, after: KeyValue[]): SQL {
  const keys = [...order.map((k) => ({ col: columns[k.field]!, desc: k.desc })), { col: id, desc: false }];
  const branches: SQL[] = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((p, j) => eq(p.col, after[j]!));
    const beyond = k.desc ? lt(k.col, after[i]!) : gt(k.col, after[i]!);
    return and(...equal, beyond)!;
  });
  const lead = keys[0]!;
  if (keys.length === 1) return or(...branches)!;
  return and(lead.desc ? lte(lead.col, after[0]) : gte(lead.col, after[0]), or(...branches))!;
}

export interface PageQuery<Row> {
  query: URLSearchParams;
  path: string;
  defaultLimit: number;
  maxLimit: number;
  order: OrderKey[];
  columns: Record<string, SQLiteColumn>;
  id: SQLiteColumn;
  /** The sort values and id of a row, in `order` then id. */
  keyOf: (row: Row) => KeyValue[];
  count: () => Promise<number>;
  /** Honour `count=false` (form, case and v0.6 location lists): no count query, `total_count` null. */
  optionalCount?: boolean;
  rows: (extraWhere: SQL | undefined, orderBy: SQL[], limit: number, offset: number) => Promise<Row[]>;
}

const FALSE = new Set(["false", "f", "no", "n", "0", "off"]);

/** `count=false` → no total; absent or true → counted; anything else → 400. */
export function wantsCount(query: URLSearchParams): boolean {
  const raw = lastValue(query, "count");
  if (raw === undefined) return true;
  if (safeBool(raw)) return true;
  if (FALSE.has(raw.trim().toLowerCase())) return false;
  throw ccBadRequest(`Invalid count '${raw}' provided. Please provide true or false.`);
}

/**
 * One page by offset (§2.4) or, when `cursor` is sent, by keyset (Q15). With `optionalCount`,
 * `count=false` skips the count(*) over every matching row (the cost of a deep page, §5):
 * `total_count` is null and one extra row tells whether there is a next page.
 */
export async function paginate<Row>(p: PageQuery<Row>): Promise<{ rows: Row[]; meta: PageMeta }> {
  const { limit, offset } = parseLimitOffset(p.query, p.defaultLimit, p.maxLimit);
  const counted = p.optionalCount ? wantsCount(p.query) : true;
  const cursor = readCursor(lastValue(p.query, "cursor"), p.order);
  const orderBy = orderClauses(p.order, p.columns, p.id);
  const total = () => (counted ? p.count() : Promise.resolve(null));
  if (!cursor) {
    if (!counted) {
      const fetched = await p.rows(undefined, orderBy, limit + 1, offset);
      return { rows: fetched.slice(0, limit), meta: uncountedOffsetMeta(p.path, p.query, limit, offset, fetched.length > limit) };
    }
    const [n, rows] = await Promise.all([p.count(), p.rows(undefined, orderBy, limit, offset)]);
    return { rows, meta: offsetMeta(p.path, p.query, limit, offset, n) };
  }
  const where = cursor.after ? keysetAfter(p.order, p.columns, p.id, cursor.after) : undefined;
  const [n, fetched] = await Promise.all([total(), p.rows(where, orderBy, limit + 1, 0)]);
  const rows = fetched.slice(0, limit);
  const next = fetched.length > limit ? makeCursor(p.order, p.keyOf(rows[rows.length - 1]!)) : null;
  return { rows, meta: cursorMeta(p.path, p.query, limit, n, next) };
}

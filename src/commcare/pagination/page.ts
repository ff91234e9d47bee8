import { and, asc, desc, eq, gt, lt, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { makeCursor, readCursor, type KeyValue } from "./cursor";
import { parseLimitOffset, lastValue } from "./limit-offset";
import { cursorMeta, offsetMeta, type PageMeta } from "./meta";
import type { OrderKey } from "./order";

/** ORDER BY of an ordering, always ending with the row id (Q7), so pages never overlap. */
export function orderClauses(order: OrderKey[], columns: Record<string, SQLiteColumn>, id: SQLiteColumn): SQL[] {
  return [...order.map((k) => (k.desc ? desc(columns[k.field]!) : asc(columns[k.field]!))), asc(id)];
}

/** Rows strictly after `after` (sort values then id) in that ordering. */
export function keysetAfter(order: OrderKey[], columns: Record<string, SQLiteColumn>, id: SQLiteColumn, after: KeyValue[]): SQL {
  const keys = [...order.map((k) => ({ col: columns[k.field]!, desc: k.desc })), { col: id, desc: false }];
  const branches: SQL[] = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((p, j) => eq(p.col, after[j]!));
    const beyond = k.desc ? lt(k.col, after[i]!) : gt(k.col, after[i]!);
    return and(...equal, beyond)!;
  });
  return or(...branches)!;
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
  rows: (extraWhere: SQL | undefined, orderBy: SQL[], limit: number, offset: number) => Promise<Row[]>;
}

/** One page by offset (§2.4) or, when `cursor` is sent, by keyset (Q15). */
export async function paginate<Row>(p: PageQuery<Row>): Promise<{ rows: Row[]; meta: PageMeta }> {
  const { limit, offset } = parseLimitOffset(p.query, p.defaultLimit, p.maxLimit);
  const cursor = readCursor(lastValue(p.query, "cursor"), p.order);
  const orderBy = orderClauses(p.order, p.columns, p.id);
  if (!cursor) {
    const [total, rows] = await Promise.all([p.count(), p.rows(undefined, orderBy, limit, offset)]);
    return { rows, meta: offsetMeta(p.path, p.query, limit, offset, total) };
  }
  const where = cursor.after ? keysetAfter(p.order, p.columns, p.id, cursor.after) : undefined;
  const [total, fetched] = await Promise.all([p.count(), p.rows(where, orderBy, limit + 1, 0)]);
  const rows = fetched.slice(0, limit);
  const next = fetched.length > limit ? makeCursor(p.order, p.keyOf(rows[rows.length - 1]!)) : null;
  return { rows, meta: cursorMeta(p.path, p.query, limit, total, next) };
}

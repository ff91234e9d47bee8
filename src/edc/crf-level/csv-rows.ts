import type postgres from "postgres";
import { csvRow } from "../../lib/csv";
import { flattenCrfRow } from "./columns";

type Sql = postgres.Sql<Record<string, unknown>> | postgres.TransactionSql<Record<string, unknown>>;
const PAGE = 500;

/**
 * One CSV file as an async stream of chunks: the header, then the rows of a cursor query, 500 per
 * chunk (postgres.js fetches the next page only when the zip has taken this one).
 */
export async function* csvChunks(sql: Sql, text: string, params: unknown[], fixed: readonly string[], items: readonly string[]): AsyncGenerator<string> {
  yield csvRow([...fixed, ...items]);
  for await (const rows of sql.unsafe(text, params as never[]).cursor(PAGE)) {
    let chunk = "";
    for (const row of rows) {
      const flat = flattenCrfRow(row as Record<string, unknown>, fixed, items);
      chunk += csvRow([...fixed, ...items].map((k) => flat[k]));
    }
    yield chunk;
  }
}

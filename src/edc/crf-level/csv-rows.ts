import { csvRow } from "../../lib/csv";
import { cursorPages, type Tx } from "../stream";
import { flattenCrfRow } from "./columns";

/**
 * One CSV file as an async stream of chunks: the header, then the rows of a cursor query, one page
 * per chunk (postgres.js fetches the next page only when the zip has taken this one).
 */
export async function* csvChunks(tx: Tx, text: string, params: unknown[], fixed: readonly string[], items: readonly string[]): AsyncGenerator<string> {
  const header = [...fixed, ...items];
  yield csvRow(header);
  for await (const rows of cursorPages(tx, text, params)) {
    let chunk = "";
    for (const row of rows) {
      const flat = flattenCrfRow(row, fixed, items);
      chunk += csvRow(header.map((k) => flat[k]));
    }
    yield chunk;
  }
}

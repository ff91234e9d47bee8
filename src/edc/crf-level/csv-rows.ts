import { csvRow } from "../../lib/csv";
import { cursorPages, type Tx } from "../stream";
import { flattenCrfRow } from "./columns";

/**
 * One CSV file as an async stream of chunks: the header, then the rows of a cursor query, one page
 * per chunk (pages sized by bytes; the next one is on its way while the zip takes this one).
 */
export async function* csvChunks(
  tx: Tx,
  text: string,
  params: unknown[],
  fixed: readonly string[],
  items: readonly string[],
): AsyncGenerator<string> {
  const header = [...fixed, ...items];
  yield csvRow(header);
  const pages = cursorPages(tx, text, params);
  for await (const rows of pages) {
    let chunk = "";
    for (const row of rows) {
      const flat = flattenCrfRow(row, fixed, items);
      chunk += csvRow(header.map((k) => flat[k]));
    }
    pages.observe(rows.length, chunk.length);
    yield chunk;
  }
}

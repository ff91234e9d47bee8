/**
 * Streams the rows of a keyset-paginated D1 read as a JSON array (or NDJSON): a ReadableStream whose
 * pull() fetches the next page only when the client has taken the previous one, so memory holds one
 * page whatever the row count. The first page is read before answering, so its errors (bad values)
 * still become problem+json; a later failure errors the stream (a JSON array left unterminated).
 */
export type RowFormat = "json" | "ndjson";

export interface Page<C> {
  items: unknown[];
  /** The cursor to read the following page from; null after the last page. */
  next: C | null;
}

export const formatFrom = (accept: string | undefined): RowFormat => (accept?.includes("application/x-ndjson") ? "ndjson" : "json");

const CONTENT_TYPES: Record<RowFormat, string> = {
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

export async function pagedResponse<C>(
  first: C,
  fetchPage: (cursor: C) => Promise<Page<C>>,
  format: RowFormat,
  onError?: (err: unknown) => void,
): Promise<Response> {
  const encoder = new TextEncoder();
  let page: Page<C> | null = await fetchPage(first);
  let count = 0;
  let opened = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let text = "";
          if (!opened) {
            opened = true;
            if (format === "json") text += "[";
          }
          if (page) {
            for (const item of page.items) {
              const json = JSON.stringify(item);
              text += format === "ndjson" ? json + "\n" : (count === 0 ? "" : ",") + json;
              count += 1;
            }
            const next: C | null = page.next;
            page = null;
            if (text) controller.enqueue(encoder.encode(text));
            if (next !== null) {
              page = await fetchPage(next);
              return;
            }
          } else if (text) controller.enqueue(encoder.encode(text));
          if (format === "json") controller.enqueue(encoder.encode("]"));
          controller.close();
        } catch (err) {
          onError?.(err);
          controller.error(err);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: { "content-type": CONTENT_TYPES[format], "cache-control": "no-store" } });
}

import type { Context } from "hono";
import { edcUnavailable, isConnectionError, type EdcSql, type Tx } from "../db/edc";
import type { AppEnv } from "../env";
import { csvRow } from "../lib/csv";
import { errorFields } from "../lib/logger";
import { badRequest } from "../lib/problem";

export type RowFormat = "json" | "ndjson" | "csv";
export type Row = Record<string, unknown>;
export type { Tx };

/**
 * How many rows a cursor page holds: `first` for the first page, then as many as make about `bytes`
 * at the bytes per row seen so far (between `min` and `max`). Each page is one round trip to the
 * origin, so pages are large; memory holds two of them (the one being written, the next arriving).
 */
export interface PageSize {
  first: number;
  bytes: number;
  min: number;
  max: number;
}

/**
 * Pages of rows serialized by PostgreSQL (one text value per row, about 640 bytes for cc_event_data):
 * 16 MiB is about 26,000 such rows, so an extract takes at most rows/20,000 pages (rounded up).
 */
export const TEXT_PAGES: PageSize = { first: 25_000, bytes: 16 * 1024 * 1024, min: 1_000, max: 200_000 };
/** Pages of rows that JavaScript serializes (an object per row, several times its text's size in memory). */
export const OBJECT_PAGES: PageSize = { first: 2_000, bytes: 2 * 1024 * 1024, min: 500, max: 50_000 };
const encoder = new TextEncoder();

/** `Accept: application/x-ndjson` or `text/csv` choose those formats; anything else is a JSON array. */
export function formatFrom(accept: string | undefined): RowFormat {
  if (accept?.includes("application/x-ndjson")) return "ndjson";
  if (accept?.includes("text/csv")) return "csv";
  return "json";
}

const CONTENT_TYPES: Record<RowFormat, string> = {
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/**
 * PostgreSQL errors that a request caused: values that do not fit (bad casts, out of range) and a
 * function that tries to write inside the READ ONLY transaction (25006): 400, not 500.
 */
export function mapQueryError(err: unknown): unknown {
  if (isConnectionError(err)) return edcUnavailable();
  const code = String((err as { code?: string })?.code ?? "");
  if (/^22/.test(code) || code === "42804" || code === "42883" || code === "42725") {
    return badRequest("invalid_value", "A filter, date or input variable does not fit the type of its column or argument.");
  }
  // 25006: a write inside the READ ONLY transaction; 0A000: PostgreSQL's own refusal of a write in a
  // non-VOLATILE PL/pgSQL or SQL function. Either way a function that is not what it is labelled.
  if (code === "25006" || code === "0A000") {
    return badRequest(
      "read_only_violation",
      "The extract tried to change data (a function that writes, though not declared VOLATILE); the EDC database refused it and nothing changed.",
    );
  }
  return err;
}

/**
 * Runs `fn` inside one `REPEATABLE READ, READ ONLY` transaction (sql.begin): every statement of `fn`
 * sees one snapshot, and PostgreSQL refuses any write.
 *
 * When `fn` fails because the connection closed, begin() settles by itself (it rejects as soon as its
 * connection closes), but it would first send ROLLBACK on that connection, and postgres.js (3.4.9)
 * turns that into an uncaught TypeError (a write to its closed socket). So such a failure of `fn` is
 * left pending; begin() rejects with the close. (sql.reserve() is no way out: on a pool without an
 * open connection its promise never resolves in the Workers build.)
 */
export async function readOnlyTransaction<T>(sql: EdcSql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await sql.begin("isolation level repeatable read read only", (tx) =>
    fn(tx as Tx).catch((err: unknown) => {
      if ((err as { code?: unknown })?.code === "CONNECTION_CLOSED") return new Promise<never>(() => {});
      throw err;
    }),
  );
  return result as T;
}

/** One page of a raw cursor query: each row an array of its columns' bytes (null for NULL). */
export type RawRow = (Uint8Array | null)[];

export interface CursorPages<T> extends AsyncIterable<T[]> {
  /** Reports the bytes a page came to (rows that JavaScript serializes): sizes the pages that follow. */
  observe(rows: number, bytes: number): void;
  /** Pages fetched so far (round trips to the origin for the rows). */
  readonly fetches: number;
}

export interface CursorOptions {
  size?: PageSize;
  /** Rows as arrays of the columns' bytes, undecoded (text that PostgreSQL already serialized). */
  raw?: boolean;
}

/** Called with the page count of every cursor query that ends (tests pin round trips with it). */
let onCursorEnd: ((fetches: number, rows: number) => void) | null = null;
export function observeCursors(fn: ((fetches: number, rows: number) => void) | null) {
  onCursorEnd = fn;
}

const noop = () => {};

/**
 * The pages of one cursor query, each page one round trip (Execute with a row count on the portal).
 * The next page is asked for as soon as one arrives, before the caller writes it out, so the origin
 * produces page n+1 while the Worker sends page n; page sizes follow PageSize. Leaving the loop early
 * closes the portal (after the page in flight has arrived). The rows end when the portal does (its
 * CommandComplete and ReadyForQuery), never at a short page: a page cut short by a failure is short too.
 *
 * postgres.js's async-iterator form is used on purpose: its callback form calls the last page's
 * callback without awaiting it, so a failing write there (a client that went away) would be an
 * unobserved rejection. Because a next page is always requested while the caller holds one, an error
 * (the connection lost between two pages) always has a pending step to reject, and it is thrown at
 * the caller's next step, never reported as the end of the rows.
 */
export function cursorPages<T = Row>(tx: Tx, text: string, params: unknown[], opts: CursorOptions = {}): CursorPages<T> {
  const size = opts.size ?? OBJECT_PAGES;
  const query = tx.unsafe(text, params as never[]);
  if (opts.raw) query.raw();
  // postgres.js sends `Execute(portal, query.cursorRows)` for every page: changing it sizes the next one.
  // It also keeps the current step's reject as a property, replaced on every step: wrapped below so that
  // an error is recorded whenever it arrives, and never taken for the end of the rows.
  const portal = query as unknown as {
    cursorRows: number;
    reject: (err: unknown) => void;
    resolve: (result?: { command?: string | null }) => void;
  };
  const pages = query.cursor(size.first) as unknown as AsyncIterable<T[]>;
  let seenRows = 0;
  let seenBytes = 0;
  let fetches = 0;
  let rows = 0;
  const observe = (n: number, bytes: number) => {
    seenRows += n;
    seenBytes += bytes;
    if (seenRows === 0) return;
    const perRow = Math.max(1, seenBytes / seenRows);
    portal.cursorRows = Math.round(Math.min(size.max, Math.max(size.min, size.bytes / perRow)));
  };
  let failure: unknown;
  // Set when the portal ends with its CommandComplete: an end without it is a lost connection.
  let completed = false;
  async function* iterate(): AsyncGenerator<T[]> {
    const iterator = pages[Symbol.asyncIterator]();
    const it = {
      next() {
        const step = iterator.next();
        const reject = portal.reject;
        portal.reject = (err) => {
          failure ??= err ?? new Error("cursor query failed");
          reject(err);
        };
        const resolve = portal.resolve;
        portal.resolve = (result) => {
          if (result?.command) completed = true;
          resolve(result);
        };
        return step;
      },
      return: () => iterator.return?.(),
    };
    let pending = it.next();
    pending.catch(noop);
    let ended = false;
    try {
      for (;;) {
        const step = await pending;
        if (failure !== undefined) throw failure;
        if (step.done) {
          if (!completed)
            throw Object.assign(new Error("The EDC cursor ended without completing: connection lost"), { code: "CONNECTION_CLOSED" });
          break;
        }
        fetches += 1;
        rows += step.value.length;
        if (opts.raw) observe(step.value.length, rawBytes(step.value as unknown as RawRow[]));
        pending = it.next();
        pending.catch(noop);
        yield step.value;
      }
      ended = true;
      onCursorEnd?.(fetches, rows);
    } catch (err) {
      ended = true;
      throw err;
    } finally {
      if (!ended) {
        // Left early: let the page in flight arrive, then close the portal (an ended query needs nothing).
        const step = await pending.catch(() => null);
        if (step && !step.done && failure === undefined) await it.return();
      }
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    observe,
    get fetches() {
      return fetches;
    },
  };
}

function rawBytes(rows: RawRow[]): number {
  let n = 0;
  for (const row of rows) for (const v of row) n += v ? v.length : 0;
  return n;
}

export interface StreamTransactionOptions {
  contentType: string;
  /** Written after an interruption, for formats where a trailer is detectable (NDJSON). */
  interruptedTrailer?: (requestId: string) => string;
}

/**
 * Streams what `produce` writes while it runs inside one READ ONLY transaction (readOnlyTransaction).
 * The response starts (200) at the first write; each write waits for the client to take the previous
 * chunk (TransformStream back-pressure), so memory holds about one cursor page whatever the row count.
 *
 * Errors before the first write (catalog checks, the first page) reject this function, so the route
 * answers a proper problem+json. After it the status is sent, and the error is logged with the request
 * id: a format with a trailer (NDJSON) ends with that line, then closes; any other stream is aborted,
 * so a JSON document is left truncated (invalid JSON, which no client can take for a complete answer)
 * and the connection ends without the chunked terminator.
 */
export async function streamTransaction(
  c: Context<AppEnv>,
  sql: EdcSql,
  opts: StreamTransactionOptions,
  produce: (tx: Tx, write: (chunk: string | Uint8Array) => Promise<void>, end: () => Promise<void>) => Promise<void>,
): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  // A cancelled response rejects these; the write that hit it reports the failure.
  writer.closed.catch(() => {});
  let started = false;
  let resolveStart!: () => void;
  let rejectStart!: (err: unknown) => void;
  const start = new Promise<void>((resolve, reject) => {
    resolveStart = resolve;
    rejectStart = reject;
  });
  // Set the moment the transaction is known to have failed: the producer may still be running (begin()
  // rejects on a lost connection before its callback settles), and nothing it writes or ends may then
  // come after, or cut off, the interruption's trailer.
  let interrupted = false;
  const write = async (chunk: string | Uint8Array) => {
    // Coded as the lost connection it follows, so readOnlyTransaction sends no ROLLBACK on that connection.
    if (interrupted) throw Object.assign(new Error("EDC stream interrupted"), { code: "CONNECTION_CLOSED" });
    if (!started) {
      started = true;
      resolveStart();
    }
    await writer.write(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
  };
  // `end`: the answer is complete; the response ends now, and COMMIT of a transaction that changed
  // nothing happens off the response's path.
  let ended = false;
  const end = async () => {
    if (ended || interrupted) return;
    if (!started) await write("");
    ended = true;
    await writer.close();
  };
  const run = readOnlyTransaction(sql, (tx) => produce(tx, write, end))
    .then(() => end())
    .catch(async (err) => {
      if (!started) return rejectStart(err);
      const requestId = c.get("requestId");
      if (ended) return c.get("logger")?.info("edc_stream_after_end", errorFields(err));
      interrupted = true;
      c.get("logger")?.error("edc_stream_interrupted", errorFields(err));
      // Written and then closed, not aborted: an abort would drop a trailer the client has not read yet.
      if (opts.interruptedTrailer) {
        const ended = await writer
          .write(encoder.encode(opts.interruptedTrailer(requestId)))
          .then(() => writer.close())
          .then(
            () => true,
            () => false,
          );
        if (ended) return;
      }
      // workerd logs the reason of an aborted response body as an uncaught rejection: make it say what happened.
      await writer.abort(new Error(`EDC stream interrupted (request ${requestId})`)).catch(() => {});
    });
  c.executionCtx.waitUntil(run);
  try {
    await start;
  } catch (err) {
    throw mapQueryError(err);
  }
  return new Response(readable, { status: 200, headers: { "content-type": opts.contentType, "cache-control": "no-store" } });
}

export interface StreamOptions {
  format: RowFormat;
  /** CSV header; when absent the first row's keys are used. */
  columns?: string[];
  /** CSV header read from the database inside the transaction, before the rows (same snapshot). */
  resolveColumns?: (tx: Tx) => Promise<string[]>;
  transform?: (row: Row) => Row;
}

const ndjsonTrailer = (requestId: string) => JSON.stringify({ error: "stream_interrupted", request_id: requestId }) + "\n";

/**
 * Runs one read-only statement and streams its rows as JSON array, NDJSON or CSV, one cursor page
 * per write, each row serialized here (see streamJsonText for rows PostgreSQL serializes). An
 * interrupted NDJSON stream ends with `{"error":"stream_interrupted","request_id":…}`.
 */
export function streamRows(c: Context<AppEnv>, sql: EdcSql, text: string, params: unknown[], opts: StreamOptions): Promise<Response> {
  let header = opts.columns;
  let count = 0;
  const serialize = (row: Row) => {
    const r = opts.transform ? opts.transform(row) : row;
    if (opts.format === "csv") {
      if (!header) header = Object.keys(r);
      return (count === 0 ? csvRow(header) : "") + csvRow(header.map((k) => r[k]));
    }
    const json = JSON.stringify(r);
    return opts.format === "ndjson" ? json + "\n" : (count === 0 ? "" : ",") + json;
  };
  const interruptedTrailer = opts.format === "ndjson" ? ndjsonTrailer : undefined;
  return streamTransaction(c, sql, { contentType: CONTENT_TYPES[opts.format], interruptedTrailer }, async (tx, write, end) => {
    if (opts.resolveColumns) header = await opts.resolveColumns(tx);
    let opened = false;
    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      if (opts.format === "json") await write(opened ? "]" : "[]");
      else if (opts.format === "csv" && count === 0) await write(header ? csvRow(header) : "");
      else if (count === 0) await write("");
      await end();
    };
    const pages = cursorPages(tx, text, params);
    for await (const rows of pages) {
      let chunk = opened || opts.format !== "json" ? "" : "[";
      opened = true;
      for (const row of rows) {
        chunk += serialize(row);
        count += 1;
      }
      pages.observe(rows.length, chunk.length);
      await write(chunk);
    }
    await finish();
  });
}

/** Bytes per write of a text stream: few enough writes to cost nothing per row, small enough to flow. */
const CHUNK_BYTES = 512 * 1024;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * Streams a statement whose only column is each row already serialized as JSON text by PostgreSQL
 * (jsonRowsQuery), as a JSON array or NDJSON: the rows' bytes are copied into the response as they
 * came, with no JavaScript object, string or parse per row. Pages as TEXT_PAGES; same response, errors
 * and interruption rules as streamRows.
 */
export function streamJsonText(
  c: Context<AppEnv>,
  sql: EdcSql,
  text: string,
  params: unknown[],
  format: "json" | "ndjson",
): Promise<Response> {
  const interruptedTrailer = format === "ndjson" ? ndjsonTrailer : undefined;
  return streamTransaction(c, sql, { contentType: CONTENT_TYPES[format], interruptedTrailer }, async (tx, write, end) => {
    let buf = new Uint8Array(CHUNK_BYTES);
    let n = 0;
    const flush = async () => {
      const chunk = buf.subarray(0, n);
      buf = new Uint8Array(CHUNK_BYTES);
      n = 0;
      await write(chunk);
    };
    let count = 0;
    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      if (format === "json") await write(count === 0 ? "[]" : "]");
      else if (count === 0) await write("");
      await end();
    };
    const pages = cursorPages<RawRow>(tx, text, params, { size: TEXT_PAGES, raw: true });
    for await (const rows of pages) {
      if (count === 0 && format === "json") buf[n++] = 0x5b; // [
      for (const row of rows) {
        const value = row[0]!;
        if (n + value.length + 1 > buf.length) {
          if (n > 0) await flush();
          if (value.length + 1 > buf.length) buf = new Uint8Array(value.length + 1);
        }
        if (format === "json" && count > 0) buf[n++] = COMMA;
        buf.set(value, n);
        n += value.length;
        if (format === "ndjson") buf[n++] = NEWLINE;
        count += 1;
      }
      // Each page goes out before the next is awaited: a client never waits on a half-filled chunk.
      if (n > 0) await flush();
    }
    await finish();
  });
}

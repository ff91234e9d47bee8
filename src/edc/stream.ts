import type { Context } from "hono";
import { edcUnavailable, isConnectionError, type EdcSql, type Tx } from "../db/edc";
import type { AppEnv } from "../env";
import { csvRow } from "../lib/csv";
import { errorFields } from "../lib/logger";
import { badRequest } from "../lib/problem";

export type RowFormat = "json" | "ndjson" | "csv";
export type Row = Record<string, unknown>;
export type { Tx };

/** Rows fetched per cursor page: memory holds about one page whatever the row count. */
export const CURSOR_ROWS = 500;
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
    return badRequest("read_only_violation", "The extract tried to change data (a function that writes, though not declared VOLATILE); the EDC database refused it and nothing changed.");
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

/**
 * The pages of one cursor query. postgres.js's async-iterator form is used on purpose: its callback
 * form calls the last page's callback without awaiting it, so a failing write there (a client that
 * went away) would be an unobserved rejection. Leaving the loop early closes the portal.
 *
 * One gap of that iterator is closed here: an error that arrives while the caller still holds a page
 * (the connection is lost between two pages) settles no pending promise, and the iterator's next
 * step then reports the end of the rows as if they were complete. The query's error is therefore
 * recorded as it happens and thrown at the next step, before the driver writes to the dead connection.
 */
export function cursorPages(tx: Tx, text: string, params: unknown[]): AsyncIterable<Row[]> {
  const query = tx.unsafe(text, params as never[]);
  const pages = query.cursor(CURSOR_ROWS) as AsyncIterable<Row[]>;
  // postgres.js's Query keeps the current page's reject as a property and replaces it on every step.
  const settle = query as unknown as { reject: (err: unknown) => void };
  return {
    [Symbol.asyncIterator]() {
      const it = pages[Symbol.asyncIterator]();
      let failure: unknown;
      return {
        async next() {
          if (failure !== undefined) throw failure;
          const step = it.next();
          const reject = settle.reject;
          settle.reject = (err) => {
            failure ??= err ?? new Error("cursor query failed");
            reject(err);
          };
          const result = await step;
          if (result.done && failure !== undefined) throw failure;
          return result;
        },
        async return() {
          if (failure === undefined) await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
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
  produce: (tx: Tx, write: (text: string) => Promise<void>) => Promise<void>,
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
  const write = async (text: string) => {
    if (!started) {
      started = true;
      resolveStart();
    }
    await writer.write(encoder.encode(text));
  };
  const run = readOnlyTransaction(sql, (tx) => produce(tx, write))
    .then(() => writer.close())
    .catch(async (err) => {
      if (!started) return rejectStart(err);
      const requestId = c.get("requestId");
      c.get("logger")?.error("edc_stream_interrupted", errorFields(err));
      // Written and then closed, not aborted: an abort would drop a trailer the client has not read yet.
      if (opts.interruptedTrailer) {
        const ended = await writer.write(encoder.encode(opts.interruptedTrailer(requestId))).then(() => writer.close()).then(() => true, () => false);
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

/**
 * Runs one read-only statement and streams its rows as JSON array, NDJSON or CSV, one cursor page
 * per write. An interrupted NDJSON stream ends with `{"error":"stream_interrupted","request_id":…}`.
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
  const interruptedTrailer =
    opts.format === "ndjson" ? (requestId: string) => JSON.stringify({ error: "stream_interrupted", request_id: requestId }) + "\n" : undefined;
  return streamTransaction(c, sql, { contentType: CONTENT_TYPES[opts.format], interruptedTrailer }, async (tx, write) => {
    if (opts.resolveColumns) header = await opts.resolveColumns(tx);
    let opened = false;
    for await (const rows of cursorPages(tx, text, params)) {
      let chunk = opened || opts.format !== "json" ? "" : "[";
      opened = true;
      for (const row of rows) {
        chunk += serialize(row);
        count += 1;
      }
      await write(chunk);
    }
    if (opts.format === "json") await write(opened ? "]" : "[]");
    else if (opts.format === "csv" && count === 0) await write(header ? csvRow(header) : "");
    else if (count === 0) await write("");
  });
}

import type { Context } from "hono";
import type postgres from "postgres";
import { edcUnavailable, isConnectionError, type EdcSql } from "../db/edc";
import type { AppEnv } from "../env";
import { csvRow } from "../lib/csv";
import { badRequest } from "../lib/problem";

export type RowFormat = "json" | "ndjson" | "csv";
export type Row = Record<string, unknown>;
export type Tx = postgres.TransactionSql<Record<string, unknown>>;

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

/** PostgreSQL errors that a request's values caused (bad casts, out-of-range values): 400, not 500. */
export function mapQueryError(err: unknown): unknown {
  if (isConnectionError(err)) return edcUnavailable();
  const code = String((err as { code?: string })?.code ?? "");
  if (/^22/.test(code) || code === "42804" || code === "42883" || code === "42725") {
    return badRequest("invalid_value", "A filter, date or input variable does not fit the type of its column or argument.");
  }
  return err;
}

/**
 * The pages of one cursor query. postgres.js's async-iterator form is used on purpose: its callback
 * form calls the last page's callback without awaiting it, so a failing write there (a client that
 * went away) would be an unobserved rejection. Leaving the loop early closes the portal.
 */
export function cursorPages(tx: Tx, text: string, params: unknown[]): AsyncIterable<Row[]> {
  return tx.unsafe(text, params as never[]).cursor(CURSOR_ROWS) as AsyncIterable<Row[]>;
}

export interface StreamTransactionOptions {
  contentType: string;
  /** Written after an interruption, for formats where a trailer is detectable (NDJSON). */
  interruptedTrailer?: (requestId: string) => string;
}

/**
 * Streams what `produce` writes while it runs inside one READ ONLY transaction. The response
 * starts (200) at the first write; each write waits for the client to take the previous chunk
 * (TransformStream back-pressure), so memory holds about one cursor page whatever the row count.
 *
 * Errors before the first write (catalog checks, the first page) reject this function, so the route
 * answers a proper problem+json. After it the status is sent: the stream is aborted, so a JSON
 * document is left truncated (invalid JSON, which no client can take for a complete answer), NDJSON
 * ends with the trailer line, and the error is logged with the request id.
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
  const run = sql
    .begin("read only", (tx) => produce(tx as Tx, write))
    .then(() => writer.close())
    .catch(async (err) => {
      if (!started) return rejectStart(err);
      c.get("logger")?.error("edc_stream_interrupted", { message: err instanceof Error ? err.message : String(err) });
      if (opts.interruptedTrailer) await writer.write(encoder.encode(opts.interruptedTrailer(c.get("requestId")))).catch(() => {});
      await writer.abort(err).catch(() => {});
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

import type { Context } from "hono";
import { edcUnavailable, isConnectionError, type EdcSql } from "../db/edc";
import type { AppEnv } from "../env";
import { csvRow } from "../lib/csv";
import { badRequest } from "../lib/problem";

export type RowFormat = "json" | "ndjson" | "csv";
export type Row = Record<string, unknown>;

const CURSOR_ROWS = 500;
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

export interface StreamOptions {
  format: RowFormat;
  /** CSV header; when absent the first row's keys are used. */
  columns?: string[];
  transform?: (row: Row) => Row;
}

/**
 * Runs one read-only statement and streams its rows as they come off a server-side cursor, 500
 * at a time: memory holds one page whatever the row count, and each page waits for the client to
 * take the previous one (TransformStream back-pressure).
 *
 * Errors before the first page answer as problem+json. After it, the status is already sent: the
 * stream is aborted, so a JSON array is left unterminated (invalid JSON) and NDJSON ends with a line
 * `{"error":"stream_interrupted","request_id":...}`; either way a client can tell it is incomplete.
 */
export async function streamRows(c: Context<AppEnv>, sql: EdcSql, text: string, params: unknown[], opts: StreamOptions): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const write = (s: string) => writer.write(encoder.encode(s));
  let header = opts.columns;
  let count = 0;
  let started = false;
  let onStart!: () => void;
  let onEarlyError!: (err: unknown) => void;
  const first = new Promise<void>((resolve, reject) => {
    onStart = resolve;
    onEarlyError = reject;
  });
  const start = async () => {
    if (started) return;
    started = true;
    onStart();
    if (opts.format === "json") await write("[");
  };
  const serialize = (row: Row) => {
    const r = opts.transform ? opts.transform(row) : row;
    if (opts.format === "csv") {
      let prefix = "";
      if (!header) header = Object.keys(r);
      if (count === 0) prefix = csvRow(header);
      return prefix + csvRow(header.map((k) => r[k]));
    }
    const json = JSON.stringify(r);
    return opts.format === "ndjson" ? json + "\n" : (count === 0 ? "" : ",") + json;
  };

  const run = sql
    .begin("read only", async (tx) => {
      await tx.unsafe(text, params as never[]).cursor(CURSOR_ROWS, async (rows) => {
        await start();
        let chunk = "";
        for (const row of rows) {
          chunk += serialize(row as Row);
          count += 1;
        }
        await write(chunk);
      });
    })
    .then(async () => {
      await start();
      if (opts.format === "json") await write("]");
      if (opts.format === "csv" && count === 0 && header) await write(csvRow(header));
      await writer.close();
    })
    .catch(async (err) => {
      if (!started) return onEarlyError(err);
      c.get("logger")?.error("edc_stream_interrupted", { rows_sent: count, message: err instanceof Error ? err.message : String(err) });
      if (opts.format === "ndjson") await write(JSON.stringify({ error: "stream_interrupted", request_id: c.get("requestId") }) + "\n").catch(() => {});
      await writer.abort(err).catch(() => {});
    });
  c.executionCtx.waitUntil(run);
  try {
    await first;
  } catch (err) {
    throw mapQueryError(err);
  }
  return new Response(readable, { status: 200, headers: { "content-type": CONTENT_TYPES[opts.format], "cache-control": "no-store" } });
}

import type { Context } from "hono";
import type postgres from "postgres";
import type { EdcSql } from "../../db/edc";
import type { AppEnv } from "../../env";
import { mapQueryError } from "../stream";

const encoder = new TextEncoder();
export type Tx = postgres.TransactionSql<Record<string, unknown>>;

/**
 * Streams what `produce` writes while it runs inside one READ ONLY transaction. The response
 * starts (200) at the first write; each write waits for the client to take the previous chunk, so
 * memory holds about one cursor page whatever the row count.
 *
 * Errors before the first write (catalog checks, the first page) reject this function: the route
 * answers a proper problem+json. After it the status is sent; the stream is aborted, so the JSON
 * document is left truncated (invalid JSON, which no client can mistake for a complete answer),
 * and the error is logged with the request id.
 */
export async function streamTransaction(
  c: Context<AppEnv>,
  sql: EdcSql,
  contentType: string,
  produce: (tx: Tx, write: (text: string) => Promise<void>) => Promise<void>,
): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
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
      await writer.abort(err).catch(() => {});
    });
  c.executionCtx.waitUntil(run);
  try {
    await start;
  } catch (err) {
    throw mapQueryError(err);
  }
  return new Response(readable, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
}

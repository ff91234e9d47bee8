import postgres from "postgres";
import type { Env } from "../env";
import { Problem } from "../lib/problem";

/** A transaction on an EDC database (its rows untyped: their columns are read from the catalog). */
export type Tx = postgres.TransactionSql<Record<string, unknown>>;

/** One EDC database: the Hyperdrive binding that reaches it and the PostgreSQL schema holding it. */
export interface EdcTarget {
  dbname: string;
  binding: string;
  schema: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/** `EDC_REGISTRY` (wrangler.toml): dbname → {binding, schema}. Malformed entries are ignored. */
export function edcTarget(env: Env, dbname: string): EdcTarget | null {
  let registry: Record<string, { binding?: unknown; schema?: unknown }>;
  try {
    registry = JSON.parse(env.EDC_REGISTRY ?? "{}");
  } catch {
    return null;
  }
  const entry = Object.hasOwn(registry, dbname) ? registry[dbname] : undefined;
  if (!entry || typeof entry.binding !== "string" || typeof entry.schema !== "string" || !NAME.test(entry.schema)) return null;
  return { dbname, binding: entry.binding, schema: entry.schema };
}

/**
 * A postgres.js client for this request only (platform-notes.md §2.4): Workers cannot reuse I/O
 * across requests, and `end()` is never called: Hyperdrive connections close with the request.
 */
export function edcClient(env: Env, target: EdcTarget, opts: { idleTimeout?: number } = {}) {
  const hyperdrive = (env as unknown as Record<string, Hyperdrive | undefined>)[target.binding];
  if (!hyperdrive?.connectionString) throw edcUnavailable();
  return postgres(hyperdrive.connectionString, {
    // 5: Workers allow 6 simultaneous outgoing connections per request. The embedded PGlite of the
    // local stack takes one connection at a time (EDC_POOL_MAX=1 there).
    max: Number(env.EDC_POOL_MAX) || 5,
    fetch_types: false,
    connect_timeout: 5,
    idle_timeout: opts.idleTimeout ?? 30,
    // Timestamps without an offset (and date-only values) mean UTC whatever the server's TimeZone.
    connection: { TimeZone: "UTC" },
    onnotice: () => {},
  });
}

export type EdcSql = ReturnType<typeof edcClient>;

export const edcUnavailable = () =>
  new Problem(503, "edc_unavailable", "The EDC database cannot be reached. Try again shortly.", undefined, { "Retry-After": "10" });

/** Connection-level failures (refused, reset, timed out, closed): the EDC is unavailable, not the request bad. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; errno?: string };
  // Class 08 (connection exception: what a Hyperdrive reports when it cannot reach the origin),
  // too_many_connections, admin/crash shutdown, cannot connect now: the server, not the request.
  if (/^08/.test(e?.code ?? "") || ["53300", "57P01", "57P02", "57P03"].includes(e?.code ?? "")) return true;
  const text = `${e?.code ?? ""} ${e?.errno ?? ""} ${e?.message ?? ""}`;
  return (
    /CONNECT_TIMEOUT|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|ECONNREFUSED|ECONNRESET|EPIPE|Connection refused|Network connection lost|socket|Stream was cancelled|connection/i.test(
      text,
    ) && !/^[0-9A-Z]{5}$/.test(e?.code ?? "")
  );
}

/** An EDC row: untyped, its columns are read from the catalog. */
export type EdcRow = Record<string, unknown>;

/**
 * Runs SQL text on a client or in a transaction with every value bound ($1, $2 …): the one typed door to
 * postgres.js's `unsafe` for text built here. Identifiers in `text` must come from the catalog (quoteIdent);
 * values never enter it.
 */
export function edcQuery<R = EdcRow>(sql: EdcSql | Tx, text: string, params: readonly unknown[] = []): Promise<R[]> {
  // The planners bind JSON values from validated request bodies, numbers, strings and dates: what postgres.js
  // serialises. Its parameter type depends on the client's custom types (none here), hence the one assertion.
  return sql.unsafe<R[]>(text, params as postgres.ParameterOrJSON<never>[]);
}

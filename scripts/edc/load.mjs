// Loads the emulated ClinCapture EDC databases (one Postgres schema each) into PostgreSQL or PGlite.
//
//   import { loadEdc, EDC_SCHEMAS } from './scripts/edc/load.mjs';
//   await loadEdc((s) => pglite.exec(s));                       // PGlite, in-process
//   await loadEdc((s) => sql.unsafe(s));                        // postgres.js (simple query protocol)
//   await loadEdc(exec, { schemas: ['cc_demo'], reset: true }); // drop and rebuild
//   await loadEdc(exec, { schemas: ['cc_bench'], demo: false }); // tables/views/functions only
//
// `exec(sql)` must run a multi-statement SQL string in ONE round trip (simple query protocol), which makes each
// schema's load a single implicit transaction on a single connection: it either fully happens or not at all, and
// a connection pool cannot split it. search_path is changed with SET LOCAL inside that transaction and put back
// to the caller's value at its end, so the session's search_path is unchanged afterwards.

import { demoDataSql } from "./demo-data.mjs";

export const EDC_SCHEMAS = ["cc_demo", "cc_other"];

/** URL of migrations/edc/ (resolved lazily so that importing this module never touches the file system). */
export const edcMigrationsUrl = () => new URL("../../migrations/edc/", import.meta.url);

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quoted schema identifier; only plain lower-case names are accepted. */
export function quoteSchema(schema) {
  if (typeof schema !== "string" || !SCHEMA_RE.test(schema)) throw new Error(`invalid EDC schema name: ${schema}`);
  return `"${schema}"`;
}

/** The migration files of `dir` (default migrations/edc/), sorted by name, as [{ name, sql }]. Node only. */
export async function readEdcMigrations(dir = edcMigrationsUrl()) {
  const { readFileSync, readdirSync } = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  const { join } = await import("node:path");
  const path = dir instanceof URL ? fileURLToPath(dir) : dir;
  return readdirSync(path)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(path, name), "utf8") }));
}

/**
 * Wrap `body` so that it runs with search_path = schema and the caller's search_path is restored after it
 * (also when the caller is inside its own transaction). Send the result as ONE exec() call.
 */
export function withSearchPath(schema, body) {
  const q = quoteSchema(schema);
  return [
    `SELECT set_config('trialedge.saved_search_path', current_setting('search_path'), true);`,
    `SET LOCAL search_path TO ${q};`,
    body,
    `;SELECT set_config('search_path', current_setting('trialedge.saved_search_path'), true);`,
  ].join("\n");
}

/** Rows of the last statement of an exec() result, for PGlite exec/query, postgres.js and node-postgres. */
export function resultRows(res) {
  if (res == null) return [];
  if (Array.isArray(res)) {
    if (res.length === 0) return [];
    const last = res[res.length - 1];
    if (last && Array.isArray(last.rows)) return last.rows; // PGlite exec(): Results[]
    if (Array.isArray(last)) return last; // postgres.js multi-statement: Result[]
    return res; // postgres.js single statement: Result (array of rows)
  }
  if (Array.isArray(res.rows)) return res.rows; // node-postgres / PGlite query()
  return [];
}

/** true when the schema already holds the EDC tables (then loadEdc leaves it alone unless reset). */
export async function edcSchemaExists(exec, schema) {
  quoteSchema(schema);
  const rows = resultRows(
    await exec(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace
      WHERE ns.nspname = '${schema}'
        AND c.relname IN ('study', 'study_subject', 'item_data', 'cc_event_data', 'cross_event_crf_data')`,
    ),
  );
  return Number(rows[0]?.n ?? 0) === 5;
}

/**
 * Create and fill the EDC schemas.
 * @param {(sql: string) => Promise<unknown>} exec  runs a multi-statement SQL string (simple query protocol)
 * @param {{ schemas?: string[], reset?: boolean, demo?: boolean, migrations?: {name: string, sql: string}[] }} [options]
 *   schemas: default EDC_SCHEMAS; reset: DROP SCHEMA … CASCADE first; demo: also insert demoDataSql(schema)
 *   (default true); migrations: use these instead of reading migrations/edc/ (e.g. where there is no fs).
 * @returns {Promise<{ loaded: string[], skipped: string[] }>}  skipped = schemas that already had the tables
 */
export async function loadEdc(exec, { schemas = EDC_SCHEMAS, reset = false, demo = true, migrations } = {}) {
  const files = migrations ?? (await readEdcMigrations());
  const loaded = [];
  const skipped = [];
  for (const schema of schemas) {
    const q = quoteSchema(schema);
    if (!reset && (await edcSchemaExists(exec, schema))) {
      skipped.push(schema);
      continue;
    }
    const body = [...files.map((f) => `-- ${f.name}\n${f.sql}`), demo ? demoDataSql(schema) : ""].join("\n");
    const head = [reset ? `DROP SCHEMA IF EXISTS ${q} CASCADE;` : "", `CREATE SCHEMA IF NOT EXISTS ${q};`].join("\n");
    await exec(`${head}\n${withSearchPath(schema, body)}`);
    loaded.push(schema);
  }
  return { loaded, skipped };
}

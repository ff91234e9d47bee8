// The EDC PostgreSQL for the dev stack and the test suite: an embedded PGlite served over the
// PostgreSQL wire protocol by pglite-socket, or a real server named by EDC_DATABASE_URL.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import postgres from "postgres";
import { loadEdc } from "../edc/load.mjs";

/**
 * Starts PGlite (in memory, or persisted in `dataDir`) on a free loopback port with the EDC
 * schemas loaded. Returns the connection URL and a stop function.
 */
export async function startPglite({ dataDir, port = 0 } = {}) {
  const db = await PGlite.create(dataDir ? { dataDir } : undefined);
  await loadEdc((sql) => db.exec(sql));
  // One connection at a time: pglite-socket's multiplexer interleaves the extended-protocol messages
  // of concurrent connections (they share PGlite's unnamed portal), which mixes up results. Clients
  // queue for the connection instead; the Worker is told to use one (EDC_POOL_MAX=1).
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 1 });
  await server.start();
  const actualPort = Number(server.getServerConn().split(":").pop());
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${actualPort}/postgres`,
    kind: "pglite",
    poolMax: 1,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * On the server named by `baseUrl`, creates a database of its own (so runs never interfere), loads
 * the EDC schemas into it, and drops it on stop when `dropOnStop`.
 */
export async function createServerDatabase(baseUrl, { name, dropOnStop = true } = {}) {
  const dbName = name ?? `trialedge_test_${process.pid}_${Date.now()}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`unsafe database name ${dbName}`);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const exists = await admin`select 1 from pg_database where datname = ${dbName}`;
  if (exists.length === 0) await admin.unsafe(`create database "${dbName}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await loadEdc((text) => sql.unsafe(text));
  await sql.end();
  return {
    url: url.toString(),
    kind: "server",
    poolMax: 5,
    async stop() {
      if (dropOnStop) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    },
  };
}

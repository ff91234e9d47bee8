// The EDC PostgreSQL for the dev stack and the test suite: an embedded PGlite served over the
// PostgreSQL wire protocol by pglite-socket, or a real server named by EDC_DATABASE_URL.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import postgres from "postgres";
import { loadEdc } from "../edc/load.mjs";
import { startSerialGate } from "./serial-gate.mjs";

let guarded = false;
/**
 * A client that hangs up mid-reply (a cancelled request, a cut proxy) makes pglite-socket write to a
 * socket it has already stripped of its 'error' listeners; Node would turn that EPIPE into a crash of
 * the whole process (test runner or dev stack). Those, and only those, are logged and ignored.
 */
function guardAgainstSocketWriteErrors() {
  if (guarded) return;
  guarded = true;
  process.on("uncaughtException", (err) => {
    if (err?.code === "EPIPE" || err?.code === "ECONNRESET" || /ended by the other party/.test(String(err?.message))) return;
    console.error(err);
    process.exit(1);
  });
}

/**
 * Starts PGlite (in memory, or persisted in `dataDir`) on a free loopback port with the EDC
 * schemas loaded. Returns the connection URL and a stop function.
 */
export async function startPglite({ dataDir, port = 0 } = {}) {
  const db = await PGlite.create(dataDir ? { dataDir } : undefined);
  await loadEdc((sql) => db.exec(sql));
  // Clients reach PGlite through a gate that lets one connection in at a time (serial-gate.mjs);
  // the Worker is told to open one per request (EDC_POOL_MAX=1). The margin of 4 covers the moment
  // pglite-socket takes to release a closed connection.
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 4 });
  await server.start();
  guardAgainstSocketWriteErrors();
  const gate = await startSerialGate(Number(server.getServerConn().split(":").pop()), { port });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${gate.port}/postgres`,
    kind: "pglite",
    poolMax: 1,
    async stop() {
      await gate.stop();
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

// The EDC PostgreSQL for the dev stack and the test suite: an embedded PGlite served over the
// PostgreSQL wire protocol by pglite-socket, or a real server named by EDC_DATABASE_URL.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import net from "node:net";
import postgres from "postgres";
import { loadEdc } from "../edc/load.mjs";
import { startSerialGate } from "./serial-gate.mjs";

let guarded = false;
/**
 * A client that hangs up mid-reply (a cancelled request, a cut proxy) makes pglite-socket write to a
 * socket it has already stripped of its 'error' listeners; Node would turn that EPIPE into a crash of
 * the whole process (test runner or dev stack). miniflare's local Hyperdrive proxy (in the test
 * runner's process) has no 'error' listeners on its sockets either, so a database connection that
 * ends with a reset would crash the runner the same way. Those, and only those, are ignored.
 */
export function guardAgainstSocketWriteErrors() {
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
 * schemas loaded. Returns the connection URL and a stop function; with `cuttable`, clients connect
 * through a relay whose cut(marker) drops connections mid-query (startCuttableRelay; the test
 * suite's fault injection).
 */
export async function startPglite({ dataDir, port = 0, cuttable = false } = {}) {
  const db = await PGlite.create(dataDir ? { dataDir } : undefined);
  await loadEdc((sql) => db.exec(sql));
  // Clients reach PGlite through a gate that lets one connection in at a time (serial-gate.mjs);
  // the Worker is told to open one per request (EDC_POOL_MAX=1). The margin of 4 covers the moment
  // pglite-socket takes to release a closed connection.
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 4 });
  await server.start();
  guardAgainstSocketWriteErrors();
  const gate = await startSerialGate(Number(server.getServerConn().split(":").pop()), { port: cuttable ? 0 : port });
  const relay = cuttable ? await startCuttableRelay("127.0.0.1", gate.port, port) : null;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${relay ? relay.port : gate.port}/postgres`,
    kind: "pglite",
    poolMax: 1,
    cut: async (marker) => (relay ? relay.cut(marker) : 0),
    async stop() {
      await relay?.stop();
      await gate.stop();
      await server.stop();
      await db.close();
    },
  };
}

/** Client-to-server bytes kept per connection for cut(marker): queries, not results, so this stays small. */
const SEEN_LIMIT = 1 << 20;

/**
 * A loopback TCP relay to the EDC PostgreSQL that can drop chosen connections mid-query:
 * cut(marker) closes every open connection whose client has sent `marker` (say a schema-qualified
 * table name in its SQL), both ways at once, the way a PostgreSQL that stops or crashes leaves its
 * clients; it returns how many it closed. The client side gets an orderly close (FIN), never a reset:
 * miniflare's local Hyperdrive proxy has no 'error' handler on its sockets, and a reset would crash
 * the test runner. The server side loses its client, so PostgreSQL (or pglite-socket) rolls back that
 * connection's open transaction and the next client finds the database as it was.
 */
async function startCuttableRelay(targetHost, targetPort, port = 0) {
  const open = new Set();
  // Every socket until it has closed (a client side being closed in order is no longer in `open`).
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    track(client);
    track(upstream);
    const pair = { client, upstream, seen: "" };
    open.add(pair);
    client.on("data", (chunk) => {
      if (pair.seen.length < SEEN_LIMIT) pair.seen += chunk.toString("latin1");
    });
    // The server side went away: close the client side in order (FIN after what is in flight).
    const serverGone = () => {
      open.delete(pair);
      upstream.destroy();
      client.end();
    };
    const clientGone = () => {
      open.delete(pair);
      upstream.destroy();
      client.destroy();
    };
    upstream.on("error", serverGone).on("close", serverGone);
    client.on("error", clientGone).on("close", clientGone);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    cut(marker) {
      let n = 0;
      for (const pair of [...open]) {
        if (!pair.seen.includes(marker)) continue;
        open.delete(pair);
        // Nothing more either way: what the server sends from now on is lost, as with a dead server.
        pair.upstream.unpipe(pair.client);
        pair.client.unpipe(pair.upstream);
        pair.upstream.destroy();
        pair.client.end();
        n += 1;
      }
      return n;
    },
    // Shutting down: every connection goes at once (an orderly close could wait for a peer that is gone).
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * On the server named by `baseUrl`, creates a database of its own (so runs never interfere), loads
 * the EDC schemas into it, and drops it on stop when `dropOnStop`. With `cuttable`, clients connect
 * through a relay whose cut(marker) drops connections mid-query (startCuttableRelay).
 */
export async function createServerDatabase(baseUrl, { name, dropOnStop = true, cuttable = false } = {}) {
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
  const relay = cuttable ? await startCuttableRelay(url.hostname, Number(url.port || 5432)) : null;
  if (relay) {
    url.hostname = "127.0.0.1";
    url.port = String(relay.port);
  }
  return {
    url: url.toString(),
    kind: "server",
    poolMax: 5,
    cut: async (marker) => (relay ? relay.cut(marker) : 0),
    async stop() {
      await relay?.stop();
      if (dropOnStop) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    },
  };
}

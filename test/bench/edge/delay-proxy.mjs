// A TCP proxy for the bench's EDC PostgreSQL that holds every server→client chunk for `delayMs` before
// passing it on, so each request/response exchange with the origin costs one simulated far round trip.
// The delay can change between requests (setDelay); chunks keep their order because every chunk waits
// the same time. Loopback only.
// It also counts exchanges with the origin (counts()): a "turn" is the client speaking after the server
// has spoken (or first), i.e. one request/response round trip however many messages it pipelines.
// setTarget() points new connections at another PostgreSQL (the EDC area compares PGlite and a server).
import net from "node:net";

export async function startDelayProxy(targetUrl) {
  let target = new URL(targetUrl);
  let targetDb = null;
  let delayMs = 0;
  let turns = 0;
  let connections = 0;
  let serverBytes = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    connections += 1;
    let serverSpoke = true;
    client.on("data", () => {
      if (serverSpoke) turns += 1;
      serverSpoke = false;
    });
    // With a database override, the startup message is rewritten to name it; everything else passes as is.
    const database = targetDb;
    let pending = database ? Buffer.alloc(0) : null;
    client.on("data", (chunk) => {
      if (!pending) return upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      while (pending && pending.length >= 8 && pending.length >= pending.readUInt32BE(0)) {
        const len = pending.readUInt32BE(0);
        const packet = pending.subarray(0, len);
        const rest = pending.subarray(len);
        if (packet.readUInt32BE(4) === 196608) {
          upstream.write(startupWithDatabase(packet, database));
          upstream.write(rest);
          pending = null;
        } else {
          upstream.write(packet); // SSLRequest / GSSENCRequest: the startup follows
          pending = rest;
        }
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    upstream.on("data", (chunk) => {
      serverSpoke = true;
      serverBytes += chunk.length;
      const wait = delayMs;
      if (wait === 0) client.write(chunk);
      else setTimeout(() => client.writable && client.write(chunk), wait);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(server.address().port);
  return {
    url: url.toString(),
    setDelay(ms) {
      delayMs = ms;
    },
    /** Connections, round trips (turns) and server bytes since the last reset. */
    counts() {
      return { connections, turns, serverBytes };
    },
    resetCounts() {
      turns = 0;
      connections = 0;
      serverBytes = 0;
    },
    /** New connections go to `url`, to its database whatever the client asks for; null: back to the first target. */
    setTarget(url) {
      target = new URL(url ?? targetUrl);
      targetDb = url ? decodeURIComponent(target.pathname.slice(1)) || null : null;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A protocol 3.0 StartupMessage with its `database` parameter set to `database`. */
function startupWithDatabase(packet, database) {
  const parts = packet
    .subarray(8)
    .toString("utf8")
    .split("\0")
    .filter((x, i, a) => i < a.length - 2 || x !== "");
  const params = new Map();
  for (let i = 0; i + 1 < parts.length; i += 2) params.set(parts[i], parts[i + 1]);
  params.set("database", database);
  const body = Buffer.from([...params].map(([k, v]) => `${k}\0${v}\0`).join("") + "\0", "utf8");
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.writeUInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

// A TCP front for the embedded PGlite that lets one client connection through at a time and queues
// the rest (unread) until it closes. PGlite is a single backend: pglite-socket's own multiplexer
// interleaves the extended-protocol messages of concurrent connections, which share PGlite's unnamed
// portal, and returns one query's rows to another. Serialising whole connections avoids that.
// A Worker may leave its connection open after its request ends, so while others wait, a connection
// idle for `idleMs` (no byte either way) is closed and the next one goes in.
import net from "node:net";

export async function startSerialGate(targetPort, { host = "127.0.0.1", port = 0, idleMs = 1000 } = {}) {
  const waiting = [];
  let busy = false;
  let lastActivity = 0;
  let closeActive = null;
  const sweeper = setInterval(() => {
    if (busy && waiting.some((c) => !c.destroyed) && Date.now() - lastActivity > idleMs) closeActive?.();
  }, 100);
  sweeper.unref();

  const next = () => {
    if (busy) return;
    let client;
    while ((client = waiting.shift()) && client.destroyed);
    if (!client) return;
    busy = true;
    const upstream = net.connect(targetPort, host);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      client.destroy();
      upstream.destroy();
      busy = false;
      setImmediate(next);
    };
    closeActive = finish;
    lastActivity = Date.now();
    const touch = () => (lastActivity = Date.now());
    client.on("data", touch).on("close", finish).on("error", finish);
    upstream.on("data", touch).on("close", finish).on("error", finish);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    client.on("error", () => {});
    waiting.push(client);
    next();
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return {
    port: server.address().port,
    stats: () => ({ busy, waiting: waiting.length }),
    stop: () =>
      new Promise((resolve) => {
        clearInterval(sweeper);
        closeActive?.();
        for (const c of waiting) c.destroy();
        server.close(() => resolve());
      }),
  };
}

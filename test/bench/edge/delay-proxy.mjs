// A TCP proxy for the bench's EDC PostgreSQL that holds every server→client chunk for `delayMs` before
// passing it on, so each request/response exchange with the origin costs one simulated far round trip.
// The delay can change between requests (setDelay); chunks keep their order because every chunk waits
// the same time. Loopback only.
import net from "node:net";

export async function startDelayProxy(targetUrl) {
  const target = new URL(targetUrl);
  let delayMs = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream);
    upstream.on("data", (chunk) => {
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
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

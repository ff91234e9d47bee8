// A TCP proxy in front of the EDC PostgreSQL that the test suite can break on purpose, through a
// small HTTP control port on loopback:
//   POST /down          refuse new connections and cut the open ones (the server is gone)
//   POST /up            forward again (the server is back)
//   POST /cut?after=N   cut each open connection once N more bytes have gone server -> client
//   GET  /stats         {connections, cuts}
import net from "node:net";
import http from "node:http";

export async function startFaultProxy(targetUrl) {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const targetHost = target.hostname;
  const open = new Set();
  let down = false;
  let cutAfter = null;
  let cuts = 0;
  let connections = 0;

  const cut = (pair) => {
    pair.client.destroy();
    pair.server.destroy();
    open.delete(pair);
    cuts += 1;
  };

  const proxy = net.createServer((client) => {
    if (down) return client.destroy();
    connections += 1;
    const server = net.connect(targetPort, targetHost);
    const pair = { client, server, budget: cutAfter };
    open.add(pair);
    client.on("data", (d) => server.write(d));
    server.on("data", (d) => {
      if (pair.budget !== null) {
        pair.budget -= d.length;
        if (pair.budget <= 0) return cut(pair);
      }
      client.write(d);
    });
    const close = () => {
      client.destroy();
      server.destroy();
      open.delete(pair);
    };
    client.on("error", close).on("close", close);
    server.on("error", close).on("close", close);
  });

  const control = http.createServer((req, res) => {
    const url = new URL(req.url, "http://control");
    if (req.method === "POST" && url.pathname === "/down") {
      down = true;
      for (const pair of [...open]) cut(pair);
    } else if (req.method === "POST" && url.pathname === "/up") {
      down = false;
      cutAfter = null;
      for (const pair of open) pair.budget = null;
    } else if (req.method === "POST" && url.pathname === "/cut") {
      cutAfter = Number(url.searchParams.get("after") ?? 0);
      for (const pair of open) pair.budget = cutAfter;
    } else if (!(req.method === "GET" && url.pathname === "/stats")) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ down, cutAfter, connections, cuts, open: open.size }));
  });

  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  await new Promise((r) => control.listen(0, "127.0.0.1", r));
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.address().port);
  return {
    url: url.toString(),
    controlUrl: `http://127.0.0.1:${control.address().port}`,
    async stop() {
      for (const pair of [...open]) cut(pair);
      await new Promise((r) => proxy.close(r));
      await new Promise((r) => control.close(r));
    },
  };
}

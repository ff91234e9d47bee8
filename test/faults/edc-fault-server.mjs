// Node-side fault injection for the EDC tests (started by test/global-setup.ts, reached from inside
// workerd over loopback HTTP):
//   - an "unreachable" EDC origin: it answers every connection's startup message with a FATAL
//     connection error (SQLSTATE 08006) and hangs up, which is how a Hyperdrive whose origin refuses
//     connections answers the Worker. (A plain dead port cannot be used: miniflare's local Hyperdrive
//     proxy accepts the Worker's connection itself and leaves the ECONNREFUSED of its upstream socket
//     unhandled, which kills the test runner.)
//   - POST /cut?marker=…: drops, mid-query, the EDC connections whose SQL mentions the marker
//     (edc.cut of scripts/lib/edc-server.mjs); answers {"cut": n}.
import http from "node:http";
import net from "node:net";

function errorResponse(code, message) {
  const fields = Buffer.concat(
    [
      ["S", "FATAL"],
      ["V", "FATAL"],
      ["C", code],
      ["M", message],
    ]
      .map(([k, v]) => Buffer.from(`${k}${v}\0`, "utf8"))
      .concat([Buffer.from([0])]),
  );
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server.address().port;
}

export async function startEdcFaults(edc) {
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  };
  const refusing = net.createServer((socket) => {
    track(socket);
    socket.once("data", () => socket.end(errorResponse("08006", "could not connect to the origin database: connection refused")));
  });
  const control = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const marker = url.searchParams.get("marker");
    if (req.method !== "POST" || url.pathname !== "/cut" || !marker) {
      res.writeHead(404).end();
      return;
    }
    try {
      const cut = await edc.cut(marker);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ cut }));
    } catch (err) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(err?.message ?? err) }));
    }
  });
  const [refusingPort, controlPort] = [await listen(refusing), await listen(control)];
  return {
    refusingUrl: `postgres://postgres:postgres@127.0.0.1:${refusingPort}/postgres`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    async stop() {
      for (const s of sockets) s.destroy();
      control.closeAllConnections();
      await Promise.all([refusing, control].map((srv) => new Promise((resolve) => srv.close(() => resolve()))));
    },
  };
}

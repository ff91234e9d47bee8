// The local outbox, read from Node (started by test/global-setup.ts, reached from inside workerd over
// loopback HTTP). Locally, miniflare's send_email binding does not send: it stores each EmailMessage's raw
// bytes as <os.tmpdir()>/miniflare-<random>/files/email/<uuid>.eml (its loopback "store-temp-file") and logs
// the path. A test inside workerd cannot read the host's files, so this server does:
//   GET /messages?contains=<text>: {"messages": [{"file", "raw"}]}, every stored .eml whose bytes contain <text>
//   (a job id, say), oldest first. Every miniflare of the machine writes there; <text> picks the test's own.
import { readdir, readFile, stat } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";

async function storedMessages() {
  const root = os.tmpdir();
  const dirs = (await readdir(root).catch(() => [])).filter((d) => d.startsWith("miniflare-"));
  const files = [];
  for (const d of dirs) {
    const dir = path.join(root, d, "files", "email");
    for (const f of await readdir(dir).catch(() => [])) if (f.endsWith(".eml")) files.push(path.join(dir, f));
  }
  return files;
}

export async function startMailOutbox() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://outbox");
    const contains = url.searchParams.get("contains");
    if (url.pathname !== "/messages" || !contains) {
      res.writeHead(404).end();
      return;
    }
    const found = [];
    for (const file of await storedMessages()) {
      const raw = await readFile(file, "utf8").catch(() => "");
      if (raw.includes(contains)) found.push({ file, raw, mtime: (await stat(file)).mtimeMs });
    }
    found.sort((a, b) => a.mtime - b.mtime);
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ messages: found.map(({ file, raw }) => ({ file, raw })) }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

// The load client, in its own process (started by test/load/run.mjs):
//   node test/load/client.mjs '{"base":"http://127.0.0.1:PORT","total":20000,"concurrency":64,"deadlineMs":…,"routes":[…]}'
// Sends `total` mixed requests with `concurrency` in flight, then reads back what it wrote through the API.
// Prints one JSON line with per-kind statistics, 5xx samples and the write check.
import { kinds } from "./kinds.mjs";

const cfg = JSON.parse(process.argv[2]);
const { base, total, concurrency, deadlineMs } = cfg;
const served = new Set(cfg.routes);
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

async function login(email) {
  const res = await fetch(`${base}/auth/authorize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "demo-password" }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

const matches = (method, path) =>
  [...served].some((r) => {
    const [m, t] = r.split(" ");
    return m === method && new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path);
  });

const only = cfg.only ? new Set(cfg.only) : null; // LOAD_ONLY=kind,kind (debugging a subset)
const all = kinds().filter((k) => !only || only.has(k.key));
const active = all.filter((k) => matches(k.route[0], k.route[1].replace("{domain}", "demo")));
const missing = all.filter((k) => !active.includes(k)).map((k) => `${k.route[0]} ${k.route[1]}`);

// A deterministic, well-mixed schedule: kinds repeated by weight, shuffled by a seeded PRNG.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const deck = active.flatMap((k) => Array(k.weight).fill(k));
for (let i = deck.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [deck[i], deck[j]] = [deck[j], deck[i]];
}

const tokens = [await login("api@demo.test"), await login("admin@demo.test")];
const state = { runId, seq: 0, written: { device_log: [], form: [] }, token: () => tokens[state.seq % tokens.length] };
const stats = Object.fromEntries(active.map((k) => [k.key, { count: 0, statuses: {}, errors: 0, latencies: [] }]));
const fiveXx = [];
let next = 0; // requests sent
let aborted = false;
// Each request index maps to a kind through the shuffled deck. Kinds with `maxInFlight` (the EDC leg) get that
// many lanes of their own, working through their share of the indices; the other lanes share the rest, so the
// total in flight stays `concurrency` and a slow kind never stalls the others.
const queues = new Map([[null, []]]);
for (const k of active) if (k.maxInFlight) queues.set(k.key, []);
for (let i = 0; i < total; i++) {
  const k = deck[i % deck.length];
  queues.get(k.maxInFlight ? k.key : null).push(k);
}

const isProxy503 = (res, text) =>
  res.status === 503 && !res.headers.has("x-request-id") && text.startsWith("Your worker restarted mid-request");

async function lane(queue) {
  while (queue.length && !aborted) {
    if (Date.now() > deadlineMs) {
      aborted = true;
      break;
    }
    const kind = queue.shift();
    next++;
    const { path, init, meta } = kind.build(state);
    const st = stats[kind.key];
    st.count++;
    const t0 = performance.now();
    try {
      let res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
      let text = await res.text();
      // wrangler dev's own proxy answers 503 "Your worker restarted mid-request" when its pooled connection to
      // the Worker's runtime drops as it sends (workers-sdk#14641; it retries GETs itself, not POSTs). Such an
      // answer never came from the Worker: every answer of the Worker carries X-Request-Id. It is counted apart
      // and the request is sent once more, as the proxy says to; the writes' read-back (no write unacknowledged)
      // proves the Worker had not run it. A second proxy 503 stays a failure.
      if (isProxy503(res, text)) {
        st.proxy503 = (st.proxy503 ?? 0) + 1;
        res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
        text = await res.text();
        if (isProxy503(res, text)) st.proxy503Twice = (st.proxy503Twice ?? 0) + 1;
      }
      st.latencies.push(performance.now() - t0);
      st.statuses[res.status] = (st.statuses[res.status] ?? 0) + 1;
      if (isProxy503(res, text)) st.statuses[res.status]--;
      else if (res.status >= 500 && fiveXx.length < 20) fiveXx.push({ kind: kind.key, status: res.status, body: text.slice(0, 300) });
      kind.record?.(state, res, text, meta);
    } catch (err) {
      st.errors++;
      if (fiveXx.length < 20) fiveXx.push({ kind: kind.key, status: "network", body: String(err.message ?? err).slice(0, 300) });
    }
  }
}

const lanes = [];
let reserved = 0;
for (const k of active) {
  if (!k.maxInFlight) continue;
  for (let j = 0; j < k.maxInFlight; j++) lanes.push(lane(queues.get(k.key)));
  reserved += k.maxInFlight;
}
for (let j = 0; j < Math.max(1, concurrency - reserved); j++) lanes.push(lane(queues.get(null)));

const t0 = performance.now();
await Promise.all(lanes);
const seconds = (performance.now() - t0) / 1000;

// ---- read back the writes through the API
async function listedDeviceLogs() {
  const ids = new Set();
  let cursor;
  for (let page = 0; page < 1000; page++) {
    const res = await fetch(`${base}/flask/device/get-logs`, {
      method: "POST",
      headers: { authorization: tokens[0], "content-type": "application/json" },
      body: JSON.stringify({ study_id: 101, deviceId: `LOAD-${runId}`, limit: 1000, ...(cursor ? { cursor } : {}) }),
    });
    if (res.status !== 200) throw new Error(`get-logs read-back: ${res.status} ${await res.text()}`);
    for (const l of await res.json()) ids.add(l.id);
    cursor = res.headers.get("next-cursor");
    if (!cursor) break;
  }
  return ids;
}

async function listedForms() {
  const ids = new Set();
  let url = `${base}/a/demo/api/form/v1/?limit=1000&cursor=`;
  for (let page = 0; page < 1000 && url; page++) {
    const res = await fetch(url, { headers: { authorization: "ApiKey admin@demo.test:demo-api-key" } });
    if (res.status !== 200) throw new Error(`form list read-back: ${res.status} ${(await res.text()).slice(0, 200)}`);
    const body = await res.json();
    for (const f of body.objects ?? []) ids.add(f.id ?? f.form?.meta?.instanceID);
    const nextUrl = body.meta?.next;
    url = nextUrl ? new URL(nextUrl, base).toString() : null;
  }
  return ids;
}

const writes = {};
try {
  if (active.some((k) => k.write === "device_log")) {
    const listed = await listedDeviceLogs();
    const got = state.written.device_log;
    writes.device_log = {
      created201: got.length,
      listed: listed.size,
      lost: got.filter((id) => !listed.has(id)).length,
      unacknowledged: listed.size - got.filter((id) => listed.has(id)).length,
    };
  }
  if (active.some((k) => k.write === "form") && matches("GET", "/a/demo/api/form/v1/")) {
    const listed = await listedForms();
    const got = state.written.form;
    writes.form = {
      created201: got.length,
      listed: got.filter((id) => listed.has(id)).length,
      lost: got.filter((id) => !listed.has(id)).length,
    };
  } else if (active.some((k) => k.write === "form")) {
    writes.form = {
      created201: state.written.form.length,
      unchecked: "GET /a/{domain}/api/form/v1/ is not served, so the forms could not be read back",
    };
  }
} catch (err) {
  writes.readBackError = String(err.cause?.message ?? err.message ?? err);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const kindsOut = Object.fromEntries(
  Object.entries(stats).map(([k, v]) => [
    k,
    {
      count: v.count,
      statuses: Object.fromEntries(Object.entries(v.statuses).filter(([, n]) => n > 0)),
      errors: v.errors,
      proxy503: v.proxy503 ?? 0,
      proxy503Twice: v.proxy503Twice ?? 0,
      p50: pct(v.latencies, 50),
      p99: pct(v.latencies, 99),
    },
  ]),
);
process.stdout.write(`${JSON.stringify({ runId, sent: next, seconds, aborted, kinds: kindsOut, missing, fiveXx, writes })}\n`);

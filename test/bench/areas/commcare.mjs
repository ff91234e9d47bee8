// CommCare over D1 bulk data (scripts/bench/d1-bulk.ts: cases of domain demo): a case page deep in the list by
// offset vs the same position by keyset cursor, and the latency of an atomic bulk PATCH of 100 locations.
// (The list routes under load are in load-areas.mjs.)
import { interleavedLatency } from "../lib/latency.mjs";
import { fmt, median, table } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";

const KEY = "ApiKey admin@demo.test:demo-api-key";
const H = { authorization: KEY };

const getJson = async (url) => {
  const res = await fetch(url, { headers: H });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
};

/** Walks the case list by cursor (meta.next) until `position` objects are behind; returns the cursor URL there. */
async function cursorUrlAt(base, listPath, position, pageSize) {
  let url = `${base}${listPath}?limit=${pageSize}&cursor=`;
  let seen = 0;
  for (let page = 0; page < 2000 && seen < position; page++) {
    const body = await getJson(url);
    seen += body.objects.length;
    if (!body.meta?.next) return { url: null, seen };
    url = new URL(body.meta.next, base).toString();
  }
  return { url, seen };
}

async function casesDeepPage(ctx, listPath) {
  const total = ctx.scale.cases;
  const position = Math.round((total * 90) / 100);
  const first = await getJson(`${ctx.base}${listPath}?limit=1`);
  const maxLimit = Math.min(1000, Number(first.meta?.limit) || 100);
  // the largest page the server grants (limit above max is clamped, Q3)
  const probe = await getJson(`${ctx.base}${listPath}?limit=1000`);
  const pageSize = Math.max(maxLimit, probe.objects.length);
  const t0 = performance.now();
  const { url, seen } = await cursorUrlAt(ctx.base, listPath, position, pageSize);
  if (!url) throw new Error(`the case list ended after ${seen} cases (expected ≥ ${position})`);
  ctx.log(`  cases: cursor at position ${seen} found in ${Math.round(performance.now() - t0)} ms (pages of ${pageSize})`);
  const cursorUrl = new URL(url);
  cursorUrl.searchParams.set("limit", "100");
  const offsetUrl = `${ctx.base}${listPath}?limit=100&offset=${seen}`;
  const lat = await interleavedLatency({
    offset: () => [offsetUrl, { headers: H }],
    cursor: () => [cursorUrl.toString(), { headers: H }],
  }, { n: 10 * ctx.runs });
  const [a, b] = await Promise.all([getJson(offsetUrl), getJson(cursorUrl.toString())]);
  const same = a.objects.length === b.objects.length && a.objects.every((o, i) => (o.id ?? o.case_id) === (b.objects[i].id ?? b.objects[i].case_id));
  return { position: seen, offset: lat.offset, cursor: lat.cursor, ratio: lat.offset.median / lat.cursor.median, samePage: same };
}

/** 100 bench locations (site codes bench_loc_001…100) under a top-level location type; created once, by bulk PATCH. */
async function benchLocations(ctx, listPath) {
  const all = [];
  let url = `${ctx.base}${listPath}?limit=1000`;
  for (let page = 0; page < 100 && url; page++) {
    const body = await getJson(url);
    all.push(...body.objects);
    url = body.meta?.next ? new URL(body.meta.next, ctx.base).toString() : null;
  }
  const mine = all.filter((l) => /^bench_loc_\d{3}$/.test(l.site_code ?? ""));
  if (mine.length >= 100) return { ids: mine.slice(0, 100).map((l) => l.location_id), created: null };
  const types = await getJson(`${ctx.base}/a/demo/api/v0.5/location_type/?limit=100`);
  const top = types.objects.find((t) => !t.parent || t.parent === "");
  if (!top) throw new Error("no top-level location type in domain demo");
  const have = new Set(mine.map((l) => l.site_code));
  const objects = [];
  for (let i = 1; i <= 100; i++) {
    const code = `bench_loc_${String(i).padStart(3, "0")}`;
    if (!have.has(code)) objects.push({ name: `Bench location ${i}`, site_code: code, location_type_code: top.code ?? top.name, latitude: "1.0", longitude: "1.0" });
  }
  const t0 = performance.now();
  const res = await fetch(`${ctx.base}${listPath}`, { method: "PATCH", headers: { ...H, "content-type": "application/json" }, body: JSON.stringify({ objects }) });
  const ms = performance.now() - t0;
  const text = await res.text();
  if (res.status !== 202) throw new Error(`PATCH (create ${objects.length}): ${res.status} ${text.slice(0, 300)}`);
  return { ids: [...mine.map((l) => l.location_id), ...JSON.parse(text)].slice(0, 100), created: { count: objects.length, ms } };
}

async function bulkPatch(ctx, listPath) {
  const { ids, created } = await benchLocations(ctx, listPath);
  let n = 0;
  const lat = await interleavedLatency({
    patch100: () => {
      n++;
      const objects = ids.map((id, i) => ({ location_id: id, latitude: `${(n % 80) + i / 1000}`, longitude: `${(n % 170) + i / 1000}` }));
      return [`${ctx.base}${listPath}`, { method: "PATCH", headers: { ...H, "content-type": "application/json" }, body: JSON.stringify({ objects }) }];
    },
  }, { n: 5 * ctx.runs, expect: 202 });
  return { objects: ids.length, created, ...lat.patch100 };
}

export async function runCommCare(ctx) {
  if (![...ctx.routes].some((r) => r.includes(" /a/"))) return { skipped: "the CommCare routes were not served when this ran" };
  const out = {};
  const rows = [];
  const notes = [];
  const caseList = ["/a/demo/api/case/v1/", "/a/demo/api/v0.5/case/", "/a/demo/api/v0.4/case/"].find((p) => serves(ctx.routes, "GET", p));
  if (caseList) {
    try {
      out.cases = await casesDeepPage(ctx, caseList);
      const c = out.cases;
      rows.push([`GET ${caseList}?limit=100 at position ${fmt(c.position)} of ${fmt(ctx.scale.cases)} bench cases: offset vs cursor`,
        `offset ${fmt(c.offset.median, 1)} ms vs cursor ${fmt(c.cursor.median, 1)} ms: **${fmt(c.ratio, 1)}×** (p95 ${fmt(c.offset.p95, 1)} vs ${fmt(c.cursor.p95, 1)} ms)`,
        c.samePage ? "same 100 cases" : "**different cases** (the two orderings differ)"]);
      ctx.log(`  cases at ${c.position}: offset ${c.offset.median.toFixed(1)} ms, cursor ${c.cursor.median.toFixed(1)} ms`);
    } catch (err) {
      notes.push(`case paging: ${err.message}`);
    }
  } else notes.push("no case list route served");
  const locList = ["/a/demo/api/v0.6/location/", "/a/demo/api/location/v2/"].find((p) => serves(ctx.routes, "PATCH", p));
  if (locList) {
    try {
      out.patch = await bulkPatch(ctx, locList);
      const p = out.patch;
      rows.push([`PATCH ${locList} with 100 updates (one atomic batch)`, `median ${fmt(p.median, 1)} ms, p95 ${fmt(p.p95, 1)} ms (${p.n} requests)`,
        p.created ? `the 100 bench locations were created first by one PATCH of ${p.created.count} creates: ${fmt(p.created.ms)} ms` : ""]);
      ctx.log(`  bulk PATCH of 100 locations: ${p.median.toFixed(1)} ms`);
    } catch (err) {
      notes.push(`bulk PATCH: ${err.message}`);
    }
  } else notes.push("no location list route with PATCH served");
  out.notes = notes;
  out.markdown = (rows.length ? table(["Measurement", "Result", "Note"], rows) : "_Nothing measured._") +
    "\n\nSequential requests, the variants alternating; medians over all requests. The deep cursor is found by walking `meta.next` from `cursor=` with the largest page the server grants." +
    (notes.length ? `\n\nNot measured: ${notes.join("; ")}.` : "") +
    "\n\nThe list routes under load (`location/v2`, `form/v1`) are in the runtime-floor table, as ratios to /healthz.";
  return out;
}

// CommCare over D1 bulk data (scripts/bench/d1-bulk.ts: cases of domain demo): a case page deep in the list by
// offset (with the full count) vs the same position by keyset cursor (count=false, and with the count), against
// the first page; and the latency of an atomic bulk PATCH of 100 locations.
// (The list routes under load are in load-areas.mjs.)
import { roundsLatency } from "../lib/latency.mjs";
import { fmt, median, table } from "../lib/stats.mjs";
import { serves } from "../lib/routes.mjs";

const KEY = "ApiKey admin@demo.test:demo-api-key";
const H = { authorization: KEY };

const getJson = async (url) => {
  const res = await fetch(url, { headers: H });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
};

/** The deep-page verdict: a cursor page at 90% of the list may take at most this many times the first page. */
export const DEEP_PAGE_LIMIT = 1.5;

/** Walks the case list by cursor with count=false (meta.next) until `position` objects are behind; returns the cursor URL there. */
async function cursorUrlAt(base, listPath, position, pageSize) {
  let url = `${base}${listPath}?count=false&limit=${pageSize}&cursor=`;
  let seen = 0;
  for (let page = 0; page < 5000 && seen < position; page++) {
    const body = await getJson(url);
    seen += body.objects.length;
    if (!body.meta?.next) return { url: null, seen };
    url = new URL(body.meta.next, base).toString();
  }
  return { url, seen };
}

const ids = (body) => body.objects.map((o) => o.id ?? o.case_id);

/**
 * A page of 100 at 90% of the case list: by offset with the full count (what a client without cursors pays),
 * by offset without it, by cursor with and without the count; and the first page (cursor, count=false) that
 * the deep cursor page should match.
 */
async function casesDeepPage(ctx, listPath) {
  const total = ctx.scale.cases;
  const position = Math.round((total * 90) / 100);
  // the largest page the server grants (a limit above its maximum is clamped, Q3)
  const probe = await getJson(`${ctx.base}${listPath}?count=false&limit=1000`);
  const pageSize = Math.max(1, probe.objects.length);
  const t0 = performance.now();
  const { url, seen } = await cursorUrlAt(ctx.base, listPath, position, pageSize);
  if (!url) throw new Error(`the case list ended after ${seen} cases (expected ≥ ${position})`);
  ctx.log(`  cases: cursor at position ${seen} found in ${Math.round(performance.now() - t0)} ms (pages of ${pageSize})`);
  const cursorNoCount = new URL(url);
  cursorNoCount.searchParams.set("limit", "100");
  const cursorCount = new URL(cursorNoCount);
  cursorCount.searchParams.delete("count");
  const urls = {
    offsetCount: `${ctx.base}${listPath}?limit=100&offset=${seen}`,
    offsetNoCount: `${ctx.base}${listPath}?count=false&limit=100&offset=${seen}`,
    cursorCount: cursorCount.toString(),
    cursorNoCount: cursorNoCount.toString(),
    firstNoCount: `${ctx.base}${listPath}?count=false&limit=100&cursor=`,
  };
  const variants = Object.fromEntries(Object.entries(urls).map(([k, u]) => [k, () => [u, { headers: H }]]));
  const lat = await roundsLatency(variants, { rounds: ctx.runs, perRound: 10, baseline: "firstNoCount" });
  const pages = Object.fromEntries(
    await Promise.all(["offsetCount", "cursorCount", "cursorNoCount"].map(async (k) => [k, await getJson(urls[k])])),
  );
  const ref = ids(pages.offsetCount);
  const samePage = ["cursorCount", "cursorNoCount"].every(
    (k) => ids(pages[k]).length === ref.length && ids(pages[k]).every((id, i) => id === ref[i]),
  );
  const deepVsFirst = lat.cursorNoCount.ratio;
  return {
    position: seen,
    totalCount: pages.offsetCount.meta?.total_count ?? null,
    cursorTotalCount: pages.cursorNoCount.meta?.total_count ?? null,
    ...lat,
    cursorBenefit: lat.offsetCount.median / lat.cursorNoCount.median,
    samePage,
    verdict: { ratio: deepVsFirst, limit: DEEP_PAGE_LIMIT, passed: Number.isFinite(deepVsFirst) && deepVsFirst <= DEEP_PAGE_LIMIT },
  };
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
    if (!have.has(code))
      objects.push({
        name: `Bench location ${i}`,
        site_code: code,
        location_type_code: top.code ?? top.name,
        latitude: "1.0",
        longitude: "1.0",
      });
  }
  const t0 = performance.now();
  const res = await fetch(`${ctx.base}${listPath}`, {
    method: "PATCH",
    headers: { ...H, "content-type": "application/json" },
    body: JSON.stringify({ objects }),
  });
  const ms = performance.now() - t0;
  const text = await res.text();
  if (res.status !== 202) throw new Error(`PATCH (create ${objects.length}): ${res.status} ${text.slice(0, 300)}`);
  return { ids: [...mine.map((l) => l.location_id), ...JSON.parse(text)].slice(0, 100), created: { count: objects.length, ms } };
}

async function bulkPatch(ctx, listPath) {
  const { ids, created } = await benchLocations(ctx, listPath);
  let n = 0;
  const lat = await roundsLatency(
    {
      patch100: () => {
        n++;
        const objects = ids.map((id, i) => ({ location_id: id, latitude: `${(n % 80) + i / 1000}`, longitude: `${(n % 170) + i / 1000}` }));
        return [
          `${ctx.base}${listPath}`,
          { method: "PATCH", headers: { ...H, "content-type": "application/json" }, body: JSON.stringify({ objects }) },
        ];
      },
    },
    { rounds: ctx.runs, perRound: 5, expect: 202 },
  );
  return { objects: ids.length, created, ...lat.patch100 };
}

export async function runCommCare(ctx) {
  if (![...ctx.routes].some((r) => r.includes(" /a/"))) return { skipped: "the CommCare routes were not served when this ran" };
  const out = {};
  const rows = [];
  const paging = [];
  const notes = [];
  const caseList = ["/a/demo/api/case/v1/", "/a/demo/api/v0.5/case/", "/a/demo/api/v0.4/case/"].find((p) => serves(ctx.routes, "GET", p));
  if (caseList) {
    try {
      out.cases = await casesDeepPage(ctx, caseList);
      const c = out.cases;
      const cell = (v) => `${fmt(v.median, 1)} ms (p95 ${fmt(v.p95, 1)})`;
      const at = `at position ${fmt(c.position)}`;
      const benefit = (v) => `${fmt(v.median / c.cursorNoCount.median, 1)}×`;
      paging.push(
        [
          `offset=${fmt(c.position)}, with count (total_count ${fmt(c.totalCount)})`,
          at,
          cell(c.offsetCount),
          benefit(c.offsetCount),
          `${fmt(c.offsetCount.ratio, 2)}×`,
        ],
        [
          `offset=${fmt(c.position)}, count=false`,
          at,
          cell(c.offsetNoCount),
          benefit(c.offsetNoCount),
          `${fmt(c.offsetNoCount.ratio, 2)}×`,
        ],
        ["cursor, with count", at, cell(c.cursorCount), benefit(c.cursorCount), `${fmt(c.cursorCount.ratio, 2)}×`],
        ["**cursor, count=false**", at, cell(c.cursorNoCount), "1.0×", `${fmt(c.cursorNoCount.ratio, 2)}×`],
        ["cursor, count=false: first page", "position 0", cell(c.firstNoCount), benefit(c.firstNoCount), "1.00×"],
      );
      ctx.log(
        `  cases at ${c.position}: offset+count ${c.offsetCount.median.toFixed(1)} ms, cursor count=false ${c.cursorNoCount.median.toFixed(1)} ms, first page ${c.firstNoCount.median.toFixed(1)} ms`,
      );
    } catch (err) {
      notes.push(`case paging: ${err.message}`);
    }
  } else notes.push("no case list route served");
  const locList = ["/a/demo/api/v0.6/location/", "/a/demo/api/location/v2/"].find((p) => serves(ctx.routes, "PATCH", p));
  if (locList) {
    try {
      out.patch = await bulkPatch(ctx, locList);
      const p = out.patch;
      rows.push([
        `PATCH ${locList} with 100 updates (one atomic batch)`,
        `median ${fmt(p.median, 1)} ms, p95 ${fmt(p.p95, 1)} ms (${p.n} requests)`,
        p.created ? `the 100 bench locations were created first by one PATCH of ${p.created.count} creates: ${fmt(p.created.ms)} ms` : "",
      ]);
      ctx.log(`  bulk PATCH of 100 locations: ${p.median.toFixed(1)} ms`);
    } catch (err) {
      notes.push(`bulk PATCH: ${err.message}`);
    }
  } else notes.push("no location list route with PATCH served");
  out.notes = notes;
  let md = "";
  if (out.cases) {
    const c = out.cases;
    md +=
      `**Deep paging** over ${fmt(ctx.scale.cases)} bench cases (\`GET ${caseList}?limit=100\`): ${ctx.runs} rounds of 10 sequential requests per variant, ` +
      "the variants alternating; the median of the round medians. The deep cursor is found by walking `meta.next` from `count=false&cursor=` with the largest page the server grants.\n\n" +
      table(["Variant", "Position", "median latency", "vs cursor count=false", "vs first page"], paging) +
      `\n\nThe three deep variants return ${c.samePage ? "the same 100 cases" : "**different cases** (the orderings differ)"}. ` +
      `Cursor benefit (offset with count ÷ cursor with count=false): **${fmt(c.cursorBenefit, 1)}×**. ` +
      `Verdict (deep page latency ≈ first page: the cursor page with count=false at position ${fmt(c.position)} within ${DEEP_PAGE_LIMIT}× the first page): ` +
      `**${c.verdict.passed ? "passed" : "FAILED"}** (${fmt(c.verdict.ratio, 2)}×).\n\n`;
  }
  out.markdown =
    md +
    (rows.length ? table(["Measurement", "Result", "Note"], rows) : "") +
    (rows.length ? `\n\nSequential requests, ${ctx.runs} rounds of 5; the median of the round medians.` : "") +
    (notes.length ? `\n\nNot measured: ${notes.join("; ")}.` : "") +
    "\n\nThe list routes under load (`location/v2`, `form/v1`) are in the runtime-floor table, as ratios to /healthz.";
  return out;
}

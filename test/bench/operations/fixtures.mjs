// What the operation catalog's requests point at, found or created once before the timed requests: tokens,
// ids of demo objects (CommCare detail paths), the bench's own Flask study/site and CommCare location, a CRF
// document to update, and a signed download link (refreshed before it expires).
import { login } from "../lib/http.mjs";
import { postJson } from "./request.mjs";

const CC_KEY = "ApiKey admin@demo.test:demo-api-key";
const BENCH_LOCATION = "bench_route_put";

async function send(base, req) {
  const res = await fetch(`${base}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) };
}

export async function setupFixtures(ctx, { billingMonth }) {
  const base = () => ctx.base;
  let n = 0;
  const tag = Date.now().toString(36);
  const expectPost = async (req, status) => {
    const r = await send(ctx.base, req);
    if (r.status !== status) throw new Error(`${req.method} ${req.path}: ${r.status} ${r.text.slice(0, 200)}`);
    return r;
  };
  const ccGet = async (path) => {
    const r = await send(ctx.base, { method: "GET", path, headers: { authorization: CC_KEY } });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    return r.json();
  };
  const first = async (path, key = "id") => {
    const o = (await ccGet(path)).objects[0];
    if (!o) throw new Error(`GET ${path}: no objects`);
    return String(o[key]);
  };
  const fx = {
    base,
    billingMonth,
    ccKey: CC_KEY,
    apiToken: ctx.token,
    adminToken: await login(ctx.base, "admin@demo.test"),
    unique: () => `${tag}-${++n}`,
    counter: () => ++n,
    expectPost,
    benchStudyKey: "BENCH-ROUTES",
    benchSiteKey: "BENCH-RS1",
  };

  // Flask: the bench's own study and site (upserts), and one CRF document to update
  const study = await send(
    ctx.base,
    postJson("/flask/study/create-update-flask-study", fx.adminToken, {
      unique_protocolid: fx.benchStudyKey,
      brief_title: "Bench routes study",
    }),
  );
  if (![200, 201].includes(study.status)) throw new Error(`bench study: ${study.status} ${study.text.slice(0, 200)}`);
  fx.benchStudyId = study.json().id;
  const site = await send(
    ctx.base,
    postJson("/flask/site/create-update-flask-site", fx.adminToken, {
      study_id: fx.benchStudyId,
      unique_identifier: fx.benchSiteKey,
      name: "Bench routes site",
    }),
  );
  if (![200, 201].includes(site.status)) throw new Error(`bench site: ${site.status} ${site.text.slice(0, 200)}`);
  fx.benchSiteId = site.json().id;
  const crf = await expectPost(
    postJson("/flask/crf/create-event-CRF-and-insert-data", fx.apiToken, {
      study_id: 101,
      subject_label: "DEMO-S02-001",
      event_name: `bench-f12-${fx.unique()}`,
      crf_name: "Vitals",
      crf_data: { SYSBP: 120, WEIGHT: 60 },
    }),
    201,
  );
  fx.crfDataId = crf.json().crfDataId;

  // CommCare: one object of each kind, and the bench location that PUT and PATCH rename
  const A = "/a/demo/api";
  const types = (await ccGet(`${A}/v0.5/location_type/`)).objects;
  const root = types.find((t) => !t.parent);
  if (!root) throw new Error("domain demo has no top-level location type");
  const mine = (await ccGet(`${A}/v0.6/location/?site_code=${BENCH_LOCATION}`)).objects[0];
  const benchLocation =
    mine?.location_id ??
    (
      await expectPost(
        {
          method: "POST",
          path: `${A}/v0.6/location/`,
          headers: { authorization: CC_KEY, "content-type": "application/json" },
          body: JSON.stringify({ name: "Bench put", site_code: BENCH_LOCATION, location_type_code: root.code }),
        },
        201,
      )
    ).json().location_id;
  fx.cc = {
    application: await first(`${A}/v0.5/application/`),
    form: await first(`${A}/v0.5/form/?limit=1`),
    case: await first(`${A}/v0.5/case/?limit=1`, "case_id"),
    bulkUser: await first(`${A}/v0.5/bulk-user/?limit=1`),
    location: await first(`${A}/v0.6/location/?limit=1`, "location_id"),
    locationType: String(root.id),
    group: await first(`${A}/v0.5/group/`),
    user: await first(`${A}/v0.5/user/?limit=1`),
    webUser: await first(`${A}/v0.5/web-user/?limit=1`),
    rootTypeCode: root.code,
    benchLocation,
  };
  fx.cc.locationV05 = fx.cc.location;

  // a signed link to a zip in R2, valid for DOWNLOAD_TTL_SECONDS; fetched again after 5 minutes
  let link = null;
  fx.downloadLink = async () => {
    if (link && Date.now() - link.at < 5 * 60_000) return link.path;
    const r = await expectPost(postJson("/edc/study/download-csvs-data", fx.apiToken, {}, { edc: "cc_demo" }), 200);
    const m = /<([^>]+)>/.exec(r.headers.get("link") ?? "");
    if (!m) throw new Error("download-csvs-data answered no Link header");
    const u = new URL(m[1]);
    link = { path: `${u.pathname}${u.search}`, at: Date.now() };
    return link.path;
  };
  return fx;
}

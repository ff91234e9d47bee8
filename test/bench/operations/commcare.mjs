// Catalog entries of the CommCare routes of domain `demo` (the demo admin's API key). Every URL scheme of a
// resource is listed by its template; detail templates get a real id of the demo domain (fixtures.mjs).
// Writes: POST creates a new root location per call; PUT and PATCH rename the bench's own location; the
// receiver gets a new form (with a new case) per call. OPTIONS is the CORS preflight of each path.
import { ccRequest, fillTemplate } from "./request.mjs";

const A = "/a/{domain}/api";
/** resource → [list templates, detail templates, fixture id]. */
const READS = {
  application: [
    [`${A}/v0.4/application/`, `${A}/v0.5/application/`, `${A}/application/v1/`],
    [`${A}/v0.4/application/{app_id}/`, `${A}/v0.5/application/{app_id}/`, `${A}/application/v1/{app_id}/`],
  ],
  form: [
    [`${A}/v0.4/form/`, `${A}/v0.5/form/`, `${A}/form/v1/`],
    [`${A}/v0.4/form/{form_id}/`, `${A}/v0.5/form/{form_id}/`, `${A}/form/v1/{form_id}/`],
  ],
  case: [
    [`${A}/v0.4/case/`, `${A}/v0.5/case/`, `${A}/case/v1/`],
    [`${A}/v0.4/case/{case_id}/`, `${A}/v0.5/case/{case_id}/`, `${A}/case/v1/{case_id}/`],
  ],
  bulkUser: [
    [`${A}/v0.5/bulk-user/`, `${A}/bulk-user/v1/`],
    [`${A}/v0.5/bulk-user/{user_id}/`, `${A}/bulk-user/v1/{user_id}/`],
  ],
  locationV05: [
    [`${A}/v0.5/location/`, `${A}/location/v1/`],
    [`${A}/v0.5/location/{location_id}/`, `${A}/location/v1/{location_id}/`],
  ],
  location: [
    [`${A}/v0.6/location/`, `${A}/location/v2/`],
    [`${A}/v0.6/location/{location_id}/`, `${A}/location/v2/{location_id}/`],
  ],
  locationType: [
    [`${A}/v0.5/location_type/`, `${A}/location_type/v1/`],
    [`${A}/v0.5/location_type/{id}/`, `${A}/location_type/v1/{id}/`],
  ],
  group: [
    [`${A}/v0.5/group/`, `${A}/group/v1/`],
    [`${A}/v0.5/group/{group_id}/`, `${A}/group/v1/{group_id}/`],
  ],
  user: [
    [`${A}/v0.5/user/`, `${A}/user/v1/`],
    [`${A}/v0.5/user/{user_id}/`, `${A}/user/v1/{user_id}/`],
  ],
  webUser: [
    [`${A}/v0.5/web-user/`, `${A}/web-user/v1/`],
    [`${A}/v0.5/web-user/{web_user_id}/`, `${A}/web-user/v1/{web_user_id}/`],
  ],
};
const LOCATION_WRITES = [`${A}/v0.6/location/`, `${A}/location/v2/`];
const RECEIVERS = ["/a/{domain}/receiver/", "/a/{domain}/receiver/{app_id}/"];

const CASE_NS = "http://commcarehq.org/case/transaction/v2";
const formXml = (id) =>
  `<?xml version="1.0"?><data xmlns="http://bench.test/receiver" uiVersion="1" version="1"><q>bench</q>` +
  `<case xmlns="${CASE_NS}" case_id="bench-rcv-${id}" date_modified="${new Date().toISOString()}" user_id="bench"><create><case_type>bench_receiver</case_type><case_name>Bench ${id}</case_name><owner_id>bench</owner_id></create></case>` +
  `<n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:bench-rcv-${id}</n1:instanceID><n1:userID>0b000000000000000000000000000004</n1:userID><n1:username>worker1</n1:username></n1:meta></data>`;

/** The fixture id a detail template names (its path parameter). */
const PARAM_RESOURCE = {
  app_id: "application",
  form_id: "form",
  case_id: "case",
  user_id: "user",
  location_id: "location",
  id: "locationType",
  group_id: "group",
  web_user_id: "webUser",
};
const idFor = (fx, template) => fx.cc[PARAM_RESOURCE[/\{(?!domain)([^}]+)\}/.exec(template)?.[1]]];

export function commcareOperations(fx) {
  const out = {};
  const get = (path, note) => ({ note, request: () => ccRequest(fx, "GET", path) });
  for (const [resource, [lists, details]] of Object.entries(READS)) {
    for (const t of lists) out[`GET ${t}`] = get(fillTemplate(t), "first page, defaults");
    for (const t of details)
      out[`GET ${t}`] = { note: `a demo ${resource}`, request: () => ccRequest(fx, "GET", fillTemplate(t, fx.cc[resource])) };
  }
  // HQ has no bulk-user detail; the route answers 404 for every id (its OpenAPI summary says so)
  for (const t of READS.bulkUser[1]) {
    out[`GET ${t}`] = {
      note: "a demo user: 404 by design (no detail in HQ)",
      expect: 404,
      request: () => ccRequest(fx, "GET", fillTemplate(t, fx.cc.bulkUser)),
    };
  }
  for (const t of LOCATION_WRITES) {
    out[`POST ${t}`] = {
      note: "a new root location per call",
      expect: 201,
      request: () => ccRequest(fx, "POST", fillTemplate(t), { name: `Bench route ${fx.unique()}`, location_type_code: fx.cc.rootTypeCode }),
    };
    out[`PATCH ${t}`] = {
      note: "bulk PATCH renaming the bench location",
      expect: 202,
      request: () =>
        ccRequest(fx, "PATCH", fillTemplate(t), { objects: [{ location_id: fx.cc.benchLocation, name: `Bench put ${fx.unique()}` }] }),
    };
    const detail = `${t}{location_id}/`;
    out[`PUT ${detail}`] = {
      note: "renames the bench location",
      request: () => ccRequest(fx, "PUT", fillTemplate(detail, fx.cc.benchLocation), { name: `Bench put ${fx.unique()}` }),
    };
  }
  for (const t of RECEIVERS) {
    out[`POST ${t}`] = {
      note: "a new form with a new case per call",
      expect: 201,
      request: () =>
        ccRequest(fx, "POST", fillTemplate(t, fx.cc.application), formXml(fx.unique()), {
          "content-type": "text/xml",
          "x-openrosa-version": "1.0",
        }),
    };
  }
  // CORS preflight of every path above
  const paths = [...Object.values(READS).flatMap(([l, d]) => [...l, ...d]), ...RECEIVERS];
  for (const t of paths) {
    out[`OPTIONS ${t}`] = {
      note: "CORS preflight",
      request: () => ({
        method: "OPTIONS",
        path: fillTemplate(t, idFor(fx, t)),
        headers: { origin: "http://127.0.0.1", "access-control-request-method": "GET" },
      }),
    };
  }
  return out;
}

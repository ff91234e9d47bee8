// The request mix of the load test: reads of every family, logins, and writes whose results are checked.
// Each kind names the route it needs (so a route not served yet is left out and reported), a weight, and
// how to build one request. Writes record what they wrote so test/load/run.mjs can look for it afterwards.
import { randomUUID } from "node:crypto";

export const CC_KEY = "ApiKey admin@demo.test:demo-api-key";

/** XForm instance for the CommCare receiver, unique by instanceID. */
export function xform(instanceID, runId, n) {
  const now = new Date().toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<data xmlns:jrm="http://dev.commcarehq.org/jr/xforms" xmlns="http://openrosa.org/formdesigner/trialedge-load-test" uiVersion="1" version="1" name="Load test">
  <run>${runId}</run>
  <n>${n}</n>
  <n0:meta xmlns:n0="http://openrosa.org/jr/xforms">
    <n0:deviceID>load-${runId}</n0:deviceID>
    <n0:timeStart>${now}</n0:timeStart>
    <n0:timeEnd>${now}</n0:timeEnd>
    <n0:username>admin@demo.test</n0:username>
    <n0:userID>load-test-user</n0:userID>
    <n0:instanceID>${instanceID}</n0:instanceID>
  </n0:meta>
</data>`;
}

/** multipart/form-data with the instance as `xml_submission_file` (what CommCare/ODK clients send). */
export function multipartXform(xml) {
  const boundary = `----trialedge${randomUUID().replaceAll("-", "")}`;
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="xml_submission_file"; filename="form.xml"\r\nContent-Type: text/xml\r\n\r\n` +
    `${xml}\r\n--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The kinds. `build(state)` returns { path, init }; `write` kinds have `record(state, res, bodyText, meta)`.
 * `state` holds the run id, the tokens and the written ids.
 */
export function kinds() {
  const json = (token, extra = {}) => ({ authorization: token, "content-type": "application/json", ...extra });
  return [
    {
      key: "auth_self",
      route: ["GET", "/auth/self"],
      weight: 12,
      build: (s) => ({ path: "/auth/self", init: { headers: { authorization: s.token() } } }),
      ok: [200],
    },
    {
      key: "login",
      route: ["POST", "/auth/authorize"],
      weight: 1,
      ok: [200],
      build: () => ({
        path: "/auth/authorize",
        init: {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "study@demo.test", password: "demo-password" }),
        },
      }),
    },
    {
      key: "flask_get_logs",
      route: ["POST", "/flask/device/get-logs"],
      weight: 10,
      ok: [200],
      build: (s) => ({
        path: "/flask/device/get-logs",
        init: { method: "POST", headers: json(s.token()), body: JSON.stringify({ study_id: 101, limit: 50 }) },
      }),
    },
    {
      key: "flask_extract_studies",
      route: ["POST", "/flask/customer/extract-data-to-json"],
      weight: 8,
      ok: [200],
      build: (s) => ({
        path: "/flask/customer/extract-data-to-json",
        init: { method: "POST", headers: json(s.token()), body: JSON.stringify({ tableName: "studies" }) },
      }),
    },
    {
      // maxInFlight: the local EDC (PGlite behind a serial gate) serves one connection at a time and local
      // Hyperdrive does not pool; more EDC requests in flight only queue up to the Worker's 5 s connect
      // timeout (503). This leg runs in its own lane, beside the 63 others.
      key: "edc_extract_small",
      route: ["POST", "/edc/study/extract-data"],
      weight: 2,
      ok: [200],
      maxInFlight: 1,
      build: (s) => ({
        path: "/edc/study/extract-data",
        init: {
          method: "POST",
          headers: json(s.token(), { edc: "cc_demo" }),
          body: JSON.stringify({ tableName: "study_subject", sort: "study_subject_id" }),
        },
      }),
    },
    {
      key: "cc_locations",
      route: ["GET", "/a/{domain}/api/location/v2/"],
      weight: 8,
      ok: [200],
      build: () => ({ path: "/a/demo/api/location/v2/?limit=20", init: { headers: { authorization: CC_KEY } } }),
    },
    {
      key: "cc_locations_v06",
      route: ["GET", "/a/{domain}/api/v0.6/location/"],
      weight: 4,
      ok: [200],
      build: () => ({ path: "/a/demo/api/v0.6/location/?limit=20", init: { headers: { authorization: CC_KEY } } }),
    },
    {
      key: "cc_forms",
      route: ["GET", "/a/{domain}/api/form/v1/"],
      weight: 6,
      ok: [200],
      build: () => ({ path: "/a/demo/api/form/v1/?limit=20", init: { headers: { authorization: CC_KEY } } }),
    },
    {
      key: "cc_cases",
      route: ["GET", "/a/{domain}/api/case/v1/"],
      weight: 6,
      ok: [200],
      build: () => ({ path: "/a/demo/api/case/v1/?limit=20", init: { headers: { authorization: CC_KEY } } }),
    },
    {
      key: "flask_insert_log",
      route: ["POST", "/flask/device/insert-log"],
      weight: 12,
      ok: [201],
      write: "device_log",
      build: (s) => {
        const n = s.seq++;
        return {
          path: "/flask/device/insert-log",
          meta: { n },
          init: {
            method: "POST",
            headers: json(s.token(), { edc: "cc_demo" }),
            body: JSON.stringify({ deviceId: `LOAD-${s.runId}`, logType: "load", payload: { n } }),
          },
        };
      },
      record: (s, res, text) => {
        if (res.status === 201) s.written.device_log.push(JSON.parse(text).id);
      },
    },
    {
      key: "cc_receiver",
      route: ["POST", "/a/{domain}/receiver/"],
      weight: 8,
      ok: [201],
      write: "form",
      build: (s) => {
        const id = randomUUID();
        const { body, contentType } = multipartXform(xform(id, s.runId, s.seq++));
        return {
          path: "/a/demo/receiver/",
          meta: { id },
          init: { method: "POST", headers: { authorization: CC_KEY, "content-type": contentType }, body },
        };
      },
      record: (s, res, _text, meta) => {
        if (res.status === 201) s.written.form.push(meta.id);
      },
    },
  ];
}

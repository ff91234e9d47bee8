// Catalog entries of the EDC routes, on the demo EDC database cc_demo (API user of Demo Clinic).
import { postJson } from "./request.mjs";

/** A new export job of cc_demo's extract-data (untimed preparation); its id. */
async function newJob(fx) {
  const r = await fx.expectPost(
    postJson(
      "/edc/exports",
      fx.apiToken,
      { kind: "extract-data", params: { tableName: "study_subject" }, format: "csv" },
      { edc: "cc_demo" },
    ),
    202,
  );
  return r.json().id;
}

export function edcOperations(fx) {
  const edc = (path, body, note) => ({ note, request: () => postJson(path, fx.apiToken, body, { edc: "cc_demo" }) });
  let job = null;
  return {
    "POST /edc/exports": {
      note: "a new extract-data job per call (runs on Workflows, outside the request)",
      expect: 202,
      request: () =>
        postJson(
          "/edc/exports",
          fx.apiToken,
          { kind: "extract-data", params: { tableName: "study_subject" }, format: "csv" },
          { edc: "cc_demo" },
        ),
    },
    "GET /edc/exports": {
      note: "first page of the API user's jobs",
      request: () => ({ method: "GET", path: "/edc/exports", headers: { authorization: fx.apiToken } }),
    },
    "GET /edc/exports/{id}": {
      note: "one job made (untimed) before the first call",
      request: async () => ({ method: "GET", path: `/edc/exports/${(job ??= await newJob(fx))}`, headers: { authorization: fx.apiToken } }),
    },
    "DELETE /edc/exports/{id}": {
      note: "cancels a job made (untimed) just before; 409 when that small job finished first (the same reads)",
      expect: [200, 409],
      request: async () => ({ method: "DELETE", path: `/edc/exports/${await newJob(fx)}`, headers: { authorization: fx.apiToken } }),
    },
    "POST /edc/study/send-email-with-study-data-csvs": {
      note: "a new job per call, mailing a user of Demo Clinic",
      expect: 202,
      request: () =>
        postJson("/edc/study/send-email-with-study-data-csvs", fx.apiToken, { emails: ["admin@demo.test"] }, { edc: "cc_demo" }),
    },
    "POST /edc/study/extract-data": edc("/edc/study/extract-data", { tableName: "cc_event_data" }, "cc_event_data of cc_demo, JSON"),
    "POST /edc/study/extract-study-data-at-crf-level": edc("/edc/study/extract-study-data-at-crf-level", {}),
    "POST /edc/study/extract-study-data-at-crf-level-to-csvs": edc("/edc/study/extract-study-data-at-crf-level-to-csvs", {}, "zip"),
    "POST /edc/study/download-csvs-data": edc("/edc/study/download-csvs-data", {}, "zip, streamed into R2"),
    "POST /edc/subjects/create-subject": {
      note: "a new subject per call (label from the site's counter)",
      expect: 201,
      request: () =>
        postJson(
          "/edc/subjects/create-subject",
          fx.apiToken,
          { site: "DEMO-S01", enrollmentDate: "2024-01-15", gender: "F", personId: `BENCH-${fx.unique()}` },
          { edc: "cc_demo" },
        ),
    },
  };
}

// Catalog entries of the EDC routes, on the demo EDC database cc_demo (API user of Demo Clinic).
import { postJson } from "./request.mjs";

export function edcOperations(fx) {
  const edc = (path, body, note) => ({ note, request: () => postJson(path, fx.apiToken, body, { edc: "cc_demo" }) });
  return {
    "POST /edc/study/extract-data": edc("/edc/study/extract-data", { tableName: "cc_event_data" }, "cc_event_data of cc_demo, JSON"),
    "POST /edc/study/extract-study-data-at-crf-level": edc("/edc/study/extract-study-data-at-crf-level", {}),
    "POST /edc/study/extract-study-data-at-crf-level-to-csvs": edc("/edc/study/extract-study-data-at-crf-level-to-csvs", {}, "zip"),
    "POST /edc/study/download-csvs-data": edc("/edc/study/download-csvs-data", {}, "zip, streamed into R2"),
    "POST /edc/subjects/create-subject": {
      note: "a new subject per call (label from the site's counter)",
      expect: 201,
      request: () => postJson("/edc/subjects/create-subject", fx.apiToken, { site: "DEMO-S01", enrollmentDate: "2024-01-15", gender: "F", personId: `BENCH-${fx.unique()}` }, { edc: "cc_demo" }),
    },
  };
}

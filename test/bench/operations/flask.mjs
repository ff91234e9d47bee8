// Catalog entries of the Flask and data-server routes (Demo Clinic). Reads use Demo Study (101); writes either
// create fresh objects per call (subjects, events, CRF data, device logs) or upsert the bench's own study
// "BENCH-ROUTES" and its site, so repeated runs do not touch what the demo users are assigned to.
import { postJson } from "./request.mjs";

const SUBJECT = "DEMO-S02-001";

export function flaskOperations(fx) {
  const api = (path, body, note) => ({ note, request: () => postJson(path, fx.apiToken, body) });
  const admin = (path, body, note, expect) => ({
    note,
    expect,
    request: () => postJson(path, fx.adminToken, typeof body === "function" ? body() : body),
  });
  return {
    "POST /flask/customer/extract-data-to-json": api("/flask/customer/extract-data-to-json", { tableName: "studies" }, "tableName studies"),
    "POST /flask/customer/download-billing-reports": admin(
      "/flask/customer/download-billing-reports",
      { billingDate: fx.billingMonth },
      `zip of ${fx.billingMonth} (reports written by the billing job in the bench seed)`,
    ),
    "POST /flask/device/get-logs": api("/flask/device/get-logs", { study_id: 101, limit: 100 }, "first page of 100"),
    "POST /flask/device/insert-log": {
      note: "a new log per call",
      expect: 201,
      request: () =>
        postJson(
          "/flask/device/insert-log",
          fx.apiToken,
          {
            deviceId: "BENCH-ROUTES",
            subjectLabel: "DEMO-S01-002",
            logType: "sync",
            logDate: new Date().toISOString(),
            payload: { hr: 60 },
          },
          { edc: "cc_demo" },
        ),
    },
    "POST /flask/study/create-update-flask-study": admin(
      "/flask/study/create-update-flask-study",
      () => ({ unique_protocolid: fx.benchStudyKey, sponsor: `bench ${fx.unique()}` }),
      "upsert of the bench study",
    ),
    "POST /flask/site/create-update-flask-site": admin(
      "/flask/site/create-update-flask-site",
      () => ({ study_id: fx.benchStudyId, unique_identifier: fx.benchSiteKey, pi_name: `Dr ${fx.unique()}` }),
      "upsert of the bench site",
    ),
    "POST /flask/study/create-update-flask-study-users": admin(
      "/flask/study/create-update-flask-study-users",
      () => ({
        study_id: fx.benchStudyId,
        users: [
          { email: "study@demo.test", role: 3 },
          { email: "site@demo.test", role: 4, site_ids: [fx.benchSiteId] },
        ],
      }),
      "replaces the bench study's 2 assignments",
    ),
    "POST /flask/study/subject-studies": admin("/flask/study/subject-studies", { subject_id: 5 }),
    "POST /flask/subject/create-subject": admin(
      "/flask/subject/create-subject",
      () => ({ study_id: fx.benchStudyId, site_id: fx.benchSiteId }),
      "a new subject of the bench site per call",
      201,
    ),
    "POST /flask/crf/create-CRF-and-insert-data": {
      note: "adds Demographics to an event created (untimed) just before",
      expect: 201,
      request: async () => {
        const event = `bench-f9-${fx.unique()}`;
        await fx.expectPost(
          postJson("/flask/crf/create-event-CRF-and-insert-data", fx.apiToken, {
            study_id: 101,
            subject_label: SUBJECT,
            event_name: event,
            crf_name: "Vitals",
            crf_data: { SYSBP: 120, WEIGHT: 70 },
          }),
          201,
        );
        return postJson("/flask/crf/create-CRF-and-insert-data", fx.apiToken, {
          study_id: 101,
          subject_label: SUBJECT,
          event_name: event,
          crf_name: "Demographics",
          crf_data: { AGE: 40 },
        });
      },
    },
    "POST /flask/crf/create-event-CRF-and-insert-data": {
      note: "a new event + CRF per call",
      expect: 201,
      request: () =>
        postJson("/flask/crf/create-event-CRF-and-insert-data", fx.apiToken, {
          study_id: 101,
          subject_label: SUBJECT,
          event_name: `bench-f10-${fx.unique()}`,
          crf_name: "Vitals",
          crf_data: { SYSBP: 121, WEIGHT: 71 },
        }),
    },
    "POST /flask/crf/get-CRF-data-ids": api("/flask/crf/get-CRF-data-ids", {
      study_id: 101,
      subject_label: "DEMO-S01-001",
      crf_name: "Vitals",
    }),
    "POST /flask/crf/update-CRF-data": {
      note: "the same CRF document each call",
      request: () =>
        postJson("/flask/crf/update-CRF-data", fx.apiToken, { crfDataId: fx.crfDataId, crf_data: { WEIGHT: 60 + (fx.counter() % 40) } }),
    },
    "POST /flask/subject/extract-study-event-data-to-CSV": api("/flask/subject/extract-study-event-data-to-CSV", { study_id: 101 }, "zip"),
    "POST /data-server/data/extract/extract-study-event-data-to-CSV": api(
      "/data-server/data/extract/extract-study-event-data-to-CSV",
      { study_id: 101 },
      "zip",
    ),
    "POST /data-server/data/extract/partial-extract-study-event-data-to-json": api(
      "/data-server/data/extract/partial-extract-study-event-data-to-json",
      { study_id: 101, filters: { crf: "Vitals" } },
    ),
    "POST /data-server/data/extract/extract-grouped-study-event-data-to-json": api(
      "/data-server/data/extract/extract-grouped-study-event-data-to-json",
      { study_id: 101, CRFs: ["Vitals"] },
    ),
    "POST /data-server/data/create/create-event-crfs-and-insert-data": {
      note: "a new event + CRF per call",
      expect: 201,
      request: () =>
        postJson("/data-server/data/create/create-event-crfs-and-insert-data", fx.apiToken, {
          study_id: 101,
          eventName: `bench-ds-${fx.unique()}`,
          subjectLabel: SUBJECT,
          CRFs: { Vitals: { SYSBP: 119, WEIGHT: 69 } },
        }),
    },
    "POST /data-server/data/create/create-event-crf-and-insert-data": {
      note: "the apiflows.md spelling; a new event + CRF per call",
      expect: 201,
      request: () =>
        postJson("/data-server/data/create/create-event-crf-and-insert-data", fx.apiToken, {
          study_id: 101,
          eventName: `bench-ds1-${fx.unique()}`,
          subjectLabel: SUBJECT,
          CRFs: { Vitals: { SYSBP: 118, WEIGHT: 68 } },
        }),
    },
    "POST /flask/audit/verify-chain": admin(
      "/flask/audit/verify-chain",
      {},
      "the whole audit chain of Demo Clinic (grows with every audited write)",
    ),
  };
}

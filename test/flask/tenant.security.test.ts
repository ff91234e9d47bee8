import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { count, OTHER_API, tokenOf } from "../helpers/flask";
import { call } from "../helpers/http";

/**
 * Other Pharma's API user calls every /flask and /data-server route with Demo Clinic's ids: every
 * answer is 403 or 404, no body names a Demo Clinic object, and nothing is written.
 */
const DEMO_IDS: Record<string, unknown[]> = {
  "/flask/customer/extract-data-to-json": [
    { tableName: "studies", studyIds: [101] },
    { tableName: "subjects", studyIds: [102] },
  ],
  "/flask/customer/download-billing-reports": [{ billingDate: "2026-10-15" }],
  "/flask/exports": [
    { kind: "study-event-csvs", params: { study_id: 101 } },
    { kind: "billing-reports", params: { billingDate: "2026-10-15" } },
  ],
  "/flask/device/get-logs": [{ study_id: 101 }, { study_id: 102, deviceId: "DEV-0001" }],
  "/flask/device/insert-log": [
    { study_id: 101, payload: { x: 1 } },
    { payload: { x: 1 }, "@edc": "cc_demo" },
  ],
  "/flask/study/create-update-flask-study": [
    { id: 101, brief_title: "Hijack" },
    { id: 102, status_id: 2 },
  ],
  "/flask/site/create-update-flask-site": [
    { id: 1001, name: "Hijack" },
    { study_id: 101, name: "X", unique_identifier: "X" },
  ],
  "/flask/study/create-update-flask-study-users": [
    { study_id: 101, users: [] },
    { study_id: 101, users: [{ email: "admin@demo.test" }] },
  ],
  "/flask/study/subject-studies": [{ subject_id: 5 }],
  "/flask/subject/create-subject": [{ study_id: 101, site_id: 1001 }],
  "/flask/crf/create-CRF-and-insert-data": [
    { study_id: 101, subject_label: "DEMO-S01-001", event_name: "Screening", crf_name: "Vitals", crf_data: { SYSBP: 1 } },
  ],
  "/flask/crf/create-event-CRF-and-insert-data": [
    { study_id: 101, subject_label: "DEMO-S01-001", event_name: "Hijack", crf_name: "Vitals", crf_data: { SYSBP: 1 } },
  ],
  "/flask/crf/get-CRF-data-ids": [
    { study_id: 101, subject_label: "DEMO-S01-001", crf_name: "Vitals" },
    { study_id: 101, subject_id: 1, crf_name: "Demographics" },
  ],
  "/flask/crf/update-CRF-data": [
    { crfDataId: "VITALS0001", crf_data: { SYSBP: 1 } },
    { crfDataId: "DEMOGR0002", crf_data: {} },
  ],
  "/flask/subject/extract-study-event-data-to-CSV": [{ study_id: 101 }],
  "/flask/audit/verify-chain": [{ customer_id: 1 }],
  "/data-server/data/extract/extract-study-event-data-to-CSV": [{ study_id: 101 }],
  "/data-server/data/extract/partial-extract-study-event-data-to-json": [
    { study_id: 101 },
    { study_id: 101, filters: { subject: "DEMO-S01-001" } },
  ],
  "/data-server/data/extract/extract-grouped-study-event-data-to-json": [{ study_id: 101 }],
  "/data-server/data/create/create-event-crfs-and-insert-data": [
    { study_id: 101, eventName: "Hijack", subjectLabel: "DEMO-S01-001", CRFs: { Vitals: { SYSBP: 1 } } },
    { study_id: 101, eventName: "Hijack", subjectId: 1, CRFs: { Vitals: {} } },
  ],
  "/data-server/data/create/create-event-crf-and-insert-data": [
    { study_id: 101, eventName: "Hijack", subjectLabel: "DEMO-S01-001", CRFs: { Vitals: { SYSBP: 1 } } },
  ],
};

const MARKERS = ["Demo Clinic", "Demo Study", "Demo Registry", "DEMO-", "admin@demo.test", "VITALS0001", "Boston", "Haifa"];

const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(
      ["studies", "sites", "study_users", "site_users", "users", "subjects", "device_logs", "forms_events", "forms_crf_data"].map(
        async (t) => [t, await count(`select count(*) n from ${t}`)],
      ),
    ),
  );

describe("Other Pharma can never reach Demo Clinic data through a Flask route", () => {
  it("covers every /flask and /data-server route of the app", () => {
    const served = new Set(
      createApp()
        .routes.filter((r) => r.method === "POST" && /^\/(flask|data-server)\//.test(r.path))
        .map((r) => r.path),
    );
    expect([...served].sort()).toEqual(Object.keys(DEMO_IDS).sort());
  });

  it("every call with Demo Clinic ids is 403/404, leaks nothing and writes nothing", async () => {
    const token = await tokenOf(OTHER_API);
    const before = await snapshot();
    const failures: string[] = [];
    for (const [path, bodies] of Object.entries(DEMO_IDS)) {
      for (const b of bodies) {
        const { "@edc": edc, ...body } = b as Record<string, unknown>;
        const res = await call("POST", path, body, { token, edc: edc as string | undefined });
        const text = await res.text();
        if (![403, 404].includes(res.status)) failures.push(`${path} ${JSON.stringify(body)}: ${res.status} ${text.slice(0, 200)}`);
        const leaked = MARKERS.filter((m) => text.includes(m));
        if (leaked.length) failures.push(`${path}: body contains ${leaked.join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { API, count, flaskPost, rows, tokenOf } from "../helpers/flask";

/** Everything a write to study 101 could change. */
async function state() {
  return {
    studyUsers: await rows("select * from study_users order by id"),
    siteUsers: await rows("select * from site_users order by id"),
    users: await count("select count(*) n from users"),
    events: await count("select count(*) n from forms_events"),
    crfs: await rows("select id, data, status, date_updated from forms_crf_data order by id"),
    logs: await count("select count(*) n from device_logs"),
    audit: await count("select count(*) n from audit_trail"),
  };
}

describe("a closed study (status_id 2) is read-only: every Flask write to it is 409 study_closed", () => {
  beforeAll(async () => {
    await env.DB.prepare("update studies set status_id = 2 where id = 101").run();
    await tokenOf(API); // log in first: a login is audited
  });

  it("F7, F9, F10, F12, the data-server create and insert-log: 409, nothing changed", async () => {
    const before = await state();
    const writes: [string, unknown, Record<string, string>?][] = [
      ["/flask/study/create-update-flask-study-users", { study_id: 101, users: [{ email: "late@demo.test", role: 3 }] }],
      [
        "/flask/crf/create-CRF-and-insert-data",
        { study_id: 101, subject_label: "DEMO-S01-002", event_name: "Screening", crf_name: "Vitals", crf_data: { SYSBP: 120 } },
      ],
      [
        "/flask/crf/create-event-CRF-and-insert-data",
        { study_id: 101, subject_label: "DEMO-S01-002", event_name: "Week 9", crf_name: "Vitals", crf_data: { SYSBP: 120 } },
      ],
      ["/flask/crf/update-CRF-data", { crfDataId: "VITALS0002", crf_data: { SYSBP: 1 } }],
      [
        "/data-server/data/create/create-event-crfs-and-insert-data",
        { study_id: 101, eventName: "Week 9", subjectLabel: "DEMO-S01-002", CRFs: { Vitals: { SYSBP: 120 } } },
      ],
      ["/flask/device/insert-log", { deviceId: "DEV-1", payload: { hr: 70 } }, { edc: "cc_demo" }],
    ];
    for (const [path, body, opts] of writes) {
      const r = await flaskPost(API, path, body, opts);
      expect(r.status, path).toBe(409);
      expect(r.json.error, path).toBe("study_closed");
    }
    const after = await state();
    for (const k of Object.keys(before) as (keyof typeof before)[]) expect(after[k], k).toEqual(before[k]);
  });

  it("reads of a closed study still answer", async () => {
    expect(
      (await flaskPost(API, "/flask/crf/get-CRF-data-ids", { study_id: 101, subject_label: "DEMO-S01-002", crf_name: "Vitals" })).json
        .crfDataIds,
    ).toEqual(["VITALS0002"]);
    expect((await flaskPost(API, "/flask/device/get-logs", { study_id: 101, limit: 5 })).json).toHaveLength(5);
  });
});

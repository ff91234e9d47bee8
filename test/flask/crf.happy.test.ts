import { strFromU8, unzipSync } from "fflate";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, API, count, flaskPost, SUBJECT, tokenOf } from "../helpers/flask";
import { post } from "../helpers/http";

describe("Forms CRF data (F9-F12) and the data-server routes", () => {
  it("F10 creates an event + CRF; F9 adds a CRF to it; F11 lists the ids; F12 updates by id", async () => {
    const created = await flaskPost(API, "/flask/crf/create-event-CRF-and-insert-data", {
      study_id: 101,
      subject_label: "DEMO-S02-001",
      event_name: "Week 2",
      crf_name: "Vitals",
      crf_data: { SYSBP: 131, WEIGHT: 80.25 },
    });
    expect(created.status).toBe(201);
    expect(created.json.crfDataId).toMatch(/^[A-Z0-9]{10}$/);
    const second = await flaskPost(API, "/flask/crf/create-CRF-and-insert-data", {
      studyId: 101,
      subjectLabel: "DEMO-S02-001",
      eventName: "Week 2",
      crfName: "Demographics",
      crfData: { AGE: 51, SEX: 2, CONSENT_DATE: "2026-11-01" },
    });
    expect(second.status).toBe(201);
    expect(second.json.eventId).toBe(created.json.eventId);
    const ids = await flaskPost(API, "/flask/crf/get-CRF-data-ids", { study_id: 101, subject_label: "DEMO-S02-001", crf_name: "Vitals" });
    expect(ids.status).toBe(200);
    expect(ids.json.crfDataIds).toContain(created.json.crfDataId);
    const updated = await flaskPost(API, "/flask/crf/update-CRF-data", { crfDataId: created.json.crfDataId, crf_data: { WEIGHT: 79 } });
    expect(updated.status).toBe(200);
    expect(updated.json.crf_data).toEqual({ SYSBP: 131, WEIGHT: 79 });
    expect(await count("select count(*) n from audit_trail where entity = 'crf_data' and entity_id = ?", created.json.crfDataId)).toBe(2);
  });

  it("F12: concurrent updates of different items both stay (each merges what is stored when it writes)", async () => {
    const created = await flaskPost(API, "/flask/crf/create-event-CRF-and-insert-data", {
      study_id: 101,
      subject_label: "DEMO-S02-001",
      event_name: "Week 3",
      crf_name: "Vitals",
      crf_data: { SYSBP: 120, WEIGHT: 70 },
    });
    expect(created.status).toBe(201);
    const update = (crf_data: object) => flaskPost(API, "/flask/crf/update-CRF-data", { crfDataId: created.json.crfDataId, crf_data });
    const answers = await Promise.all([update({ SYSBP: 135 }), update({ WEIGHT: 72.5 }), update({ SYSBP: 136 }), update({ WEIGHT: 73 })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const stored = await env.DB.prepare("select data from forms_crf_data where crf_data_id = ?")
      .bind(created.json.crfDataId)
      .first<{ data: string }>();
    const data = JSON.parse(stored!.data);
    expect([135, 136]).toContain(data.SYSBP);
    expect([72.5, 73]).toContain(data.WEIGHT);
    // One audit row per update that was stored (a compare-and-set that lost stored none), each `after` the document it wrote, in one chain of changes.
    const audit = await env.DB.prepare(
      "select before_json, after_json from audit_trail where action = 'crf_data.update' and entity_id = ? order by id",
    )
      .bind(created.json.crfDataId)
      .all<{ before_json: string; after_json: string }>();
    expect(audit.results).toHaveLength(4);
    expect(JSON.parse(audit.results[0]!.before_json).data).toEqual({ SYSBP: 120, WEIGHT: 70 });
    for (let i = 1; i < 4; i++) expect(JSON.parse(audit.results[i]!.before_json)).toEqual(JSON.parse(audit.results[i - 1]!.after_json));
    expect(JSON.parse(audit.results[3]!.after_json).data).toEqual(data);
  });

  it("a subject creates and reads its own CRF data without naming itself", async () => {
    const r = await flaskPost(SUBJECT, "/data-server/data/create/create-event-crfs-and-insert-data", {
      study_id: 101,
      eventName: "Diary 1",
      CRFs: { Vitals: { SYSBP: 120, WEIGHT: 60 }, Demographics: { AGE: 40 } },
    });
    expect(r.status).toBe(201);
    expect(r.json.subject_label).toBe("DEMO-S01-001");
    expect(Object.keys(r.json.crfDataIds).sort()).toEqual(["Demographics", "Vitals"]);
    const mine = await flaskPost(SUBJECT, "/flask/crf/get-CRF-data-ids", { study_id: 101, crf_name: "Vitals" });
    expect(mine.json.crfDataIds).toContain(r.json.crfDataIds.Vitals);
  });

  it("the apiflows.md spelling create-event-crf-and-insert-data is the same operation", async () => {
    const r = await flaskPost(API, "/data-server/data/create/create-event-crf-and-insert-data", {
      study_id: 101,
      eventName: "Week 4",
      subjectLabel: "DEMO-S01-002",
      CRFs: { Vitals: { SYSBP: 118 } },
    });
    expect(r.status).toBe(201);
    expect(r.json.subject_label).toBe("DEMO-S01-002");
    expect(await count("select count(*) n from audit_trail where entity = 'crf_data' and entity_id = ?", r.json.crfDataIds.Vitals)).toBe(1);
  });

  it("partial extract: long format, projection and filters", async () => {
    const r = await flaskPost(API, "/data-server/data/extract/partial-extract-study-event-data-to-json", {
      study_id: 101,
      columns: { _id: 0, subject: 1, crf: 1, item: 1, value: 1, item_type: 1 },
      filters: { crf: "Vitals", item: "SYSBP", date_from: "2026-10-01", date_to: "2026-10-31" },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual([
      { subject: "DEMO-S01-001", crf: "Vitals", item: "SYSBP", value: 118, item_type: "int" },
      { subject: "DEMO-S01-002", crf: "Vitals", item: "SYSBP", value: 122, item_type: "int" },
      { subject: "DEMO-S01-003", crf: "Vitals", item: "SYSBP", value: 126, item_type: "int" },
    ]);
  });

  it("grouped extract: one entry per subject with its events and CRFs", async () => {
    const r = await flaskPost(API, "/data-server/data/extract/extract-grouped-study-event-data-to-json", {
      study_id: 101,
      CRFs: ["Vitals"],
      values_as_object: false,
    });
    expect(r.status).toBe(200);
    // Seeded Vitals of three S01 subjects, and the one DEMO-S02-001 got in the first test of this file.
    expect(r.json.map((g: any) => g.subject)).toEqual(["DEMO-S01-001", "DEMO-S01-002", "DEMO-S01-003", "DEMO-S02-001"]);
    expect(r.json[0].events[0]).toMatchObject({
      event: "Week 1",
      crfs: [
        {
          crf: "Vitals",
          crfDataId: "VITALS0001",
          values: [
            { item: "SYSBP", value: 118 },
            { item: "WEIGHT", value: 70.5 },
          ],
        },
      ],
    });
    const closed = await flaskPost(API, "/data-server/data/extract/extract-grouped-study-event-data-to-json", {
      study_id: 101,
      include_started_crfs: false,
    });
    expect(closed.json).toEqual([
      expect.objectContaining({ subject: "DEMO-S01-001", events: [expect.objectContaining({ event: "Screening" })] }),
    ]);
  });

  it("extract-study-event-data-to-CSV: a zip with one CSV per form, columns in item order, on both paths", async () => {
    for (const path of ["/flask/subject/extract-study-event-data-to-CSV", "/data-server/data/extract/extract-study-event-data-to-CSV"]) {
      const res = await post(path, { study_id: 101 }, { token: await tokenOf(ADMIN) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      expect(res.headers.get("link")).toContain("/downloads/");
      const files = Object.fromEntries(
        Object.entries(unzipSync(new Uint8Array(await res.arrayBuffer()))).map(([k, v]) => [k, strFromU8(v)]),
      );
      expect(Object.keys(files).sort()).toEqual(["Demographics.csv", "Vitals.csv"]);
      const demo = files["Demographics.csv"]!.split("\r\n");
      expect(demo[0]).toBe("subject_label,site,event_name,crf_data_id,status,date_created,date_updated,AGE,SEX,CONSENT_DATE");
      expect(demo[1]).toMatch(/^DEMO-S01-001,DEMO-S01,Screening,DEMOGR0001,Closed,2026-03-01T09:00:00.000Z,,30,1,2026-03-01$/);
      expect(files["Vitals.csv"]!.split("\r\n")[0]).toBe(
        "subject_label,site,event_name,crf_data_id,status,date_created,date_updated,SYSBP,WEIGHT",
      );
    }
  });

  it("F11 returns every id of a subject's CRF, however many (keyset pages, not a cap of 1000)", async () => {
    // 1,200 events of subject 4 (DEMO-S01-004), each with a Vitals document.
    const seq = "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 1200)";
    await env.DB.prepare(
      `${seq} INSERT INTO forms_events (id, customer_id, study_id, subject_id, event_name) SELECT 100000 + i, 1, 101, 4, 'Bulk ' || i FROM seq`,
    ).run();
    await env.DB.prepare(
      `${seq} INSERT INTO forms_crf_data (id, customer_id, study_id, site_id, subject_id, subject_label, event_id, event_name, form_id, crf_name, crf_data_id, data)
       SELECT 100000 + i, 1, 101, 1001, 4, 'DEMO-S01-004', 100000 + i, 'Bulk ' || i, 2, 'Vitals', 'BULK' || printf('%06d', i), '{"SYSBP":120}' FROM seq`,
    ).run();
    const expected = await env.DB.prepare(
      "select crf_data_id from forms_crf_data where subject_id = 4 and crf_name = 'Vitals' order by id",
    ).all<{ crf_data_id: string }>();
    expect(expected.results.length).toBeGreaterThanOrEqual(1200);
    const r = await flaskPost(API, "/flask/crf/get-CRF-data-ids", { study_id: 101, subject_label: "DEMO-S01-004", crf_name: "Vitals" });
    expect(r.status).toBe(200);
    expect(r.json.crfDataIds).toEqual(expected.results.map((x) => x.crf_data_id));
    expect(r.json.crfs).toHaveLength(expected.results.length);
  });
});

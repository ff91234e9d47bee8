import { describe, expect, it } from "vitest";
import { ADMIN, API, count, flaskPost, rows, SITE, SUBJECT } from "../helpers/flask";

const GET = "/flask/device/get-logs";

describe("device logs (F3 / F4)", () => {
  it("pages through a study's logs in (log_date, id) order with an opaque cursor", async () => {
    const seen: any[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await flaskPost(API, GET, { study_id: 101, limit: 120, ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      expect(Array.isArray(r.json)).toBe(true); // F3 answers an array of log rows; the cursor rides in a header
      seen.push(...r.json);
      cursor = r.headers.get("next-cursor") ?? undefined;
      if (!cursor) break;
    }
    const expected = await rows<{ id: number }>("select id from device_logs where study_id = 101 order by log_date, id");
    expect(seen.map((l) => l.id)).toEqual(expected.map((r) => r.id));
    expect(seen.length).toBe(300);
  });

  it("filters by date range (inclusive, date-only toDate = end of day) and device", async () => {
    const r = await flaskPost(API, GET, { studyId: 101, fromDate: "2026-10-01", toDate: "2026-10-31", deviceId: "DEV-0002", limit: 1000 });
    const n = await count(
      "select count(*) n from device_logs where study_id = 101 and device_id = 'DEV-0002' and log_date between '2026-10-01T00:00:00.000Z' and '2026-10-31T23:59:59.999Z'",
    );
    expect(n).toBeGreaterThan(0);
    expect(r.json).toHaveLength(n);
    expect(r.headers.has("next-cursor")).toBe(false);
    expect(r.json.every((l: any) => l.device_id === "DEV-0002" && l.log_date.startsWith("2026-10"))).toBe(true);
  });

  it("insert-log resolves the study from the EDC header, stores the payload verbatim, answers 201 with the id", async () => {
    const payload = { hr: 72, nested: { ok: true, list: [1, "two", null] }, "odd key": "ü" };
    const r = await flaskPost(
      API,
      "/flask/device/insert-log",
      { deviceId: "DEV-NEW", subjectLabel: "DEMO-S01-002", logType: "sync", logDate: "2026-11-02T10:00:00Z", payload },
      { edc: "cc_demo" },
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: expect.any(Number), study_id: 101 });
    const stored = await rows<{ payload: string; study_id: number; customer_id: number; created_by: number }>(
      "select * from device_logs where id = ?",
      r.json.id,
    );
    expect(JSON.parse(stored[0]!.payload)).toEqual(payload);
    expect(stored[0]).toMatchObject({ study_id: 101, customer_id: 1, created_by: 2 });
    const back = await flaskPost(API, GET, { study_id: 101, deviceId: "DEV-NEW" });
    expect(back.json[0].payload).toEqual(payload);
    expect(await count("select count(*) n from audit_trail where action = 'device_log.create' and entity_id = ?", String(r.json.id))).toBe(
      1,
    );
  });

  it("insert-log from 48 devices of one customer at once: every write answered 201 is stored, and the sealed chain holds every audit row", async () => {
    const before = await count("select count(*) n from device_logs where device_id like 'DEV-BURST-%'");
    const results = await Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        flaskPost(
          API,
          "/flask/device/insert-log",
          { deviceId: `DEV-BURST-${i}`, subjectLabel: "DEMO-S01-002", logType: "sync", payload: { i } },
          { edc: "cc_demo" },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(48).fill(201));
    const ids = results.map((r) => r.json.id as number);
    expect(new Set(ids).size).toBe(48);
    expect(await count("select count(*) n from device_logs where device_id like 'DEV-BURST-%'")).toBe(before + 48);
    const audited = await count(
      `select count(*) n from audit_trail where action = 'device_log.create' and entity_id in (${ids.map(() => "?").join(",")})`,
      ...ids.map(String),
    );
    expect(audited).toBe(48);
    const report = await flaskPost(ADMIN, "/flask/audit/verify-chain", { seal: true });
    expect(report.json).toMatchObject({ tenant: "customer:1", ok: true, unsealed: 0 });
    expect(report.json.rows_checked).toBe(await count("select count(*) n from audit_trail where tenant = 'customer:1'"));
  });

  it("insert-log by role: a subject logs under its own label (implied or named), a site user for a subject of its site", async () => {
    const log = (who: string, body: object) =>
      flaskPost(who, "/flask/device/insert-log", { deviceId: "DEV-R", payload: { hr: 61 }, ...body }, { edc: "cc_demo" });
    const implied = await log(SUBJECT, {});
    const named = await log(SUBJECT, { subjectLabel: "DEMO-S01-001" });
    const site = await log(SITE, { subjectLabel: "DEMO-S01-003" });
    for (const r of [implied, named, site]) expect(r.status).toBe(201);
    const stored = await rows<{ id: number; subject_label: string; created_by: number }>(
      "select id, subject_label, created_by from device_logs where id in (?, ?, ?) order by created_by, subject_label",
      implied.json.id,
      named.json.id,
      site.json.id,
    );
    expect(stored.map((r) => [r.subject_label, r.created_by])).toEqual([
      ["DEMO-S01-003", 4],
      ["DEMO-S01-001", 5],
      ["DEMO-S01-001", 5],
    ]);
    // All three are of site 1001's subjects, so the site user reads them back; API users still log under any label.
    const back = await flaskPost(SITE, GET, { study_id: 101, deviceId: "DEV-R" });
    expect(back.json.map((l: any) => l.id).sort()).toEqual([implied.json.id, named.json.id, site.json.id].sort());
    expect((await log(API, { subjectLabel: "DEV-WITHOUT-SUBJECT" })).status).toBe(201);
  });
});

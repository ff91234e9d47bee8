import { describe, expect, it } from "vitest";
import { API, count, flaskPost, SITE, SUBJECT, tokenOf } from "../helpers/flask";
import { call } from "../helpers/http";

const F10 = "/flask/crf/create-event-CRF-and-insert-data";
const docs = () => count("select count(*) n from forms_crf_data");

describe("Forms CRF data: bad input", () => {
  it("values of the wrong type for the form's item are 400, each named, nothing stored", async () => {
    const before = await docs();
    const cases: [Record<string, unknown>, string][] = [
      [{ AGE: "42" }, "/crf_data/AGE"],
      [{ AGE: 42.5 }, "/crf_data/AGE"],
      [{ SEX: 0 }, "/crf_data/SEX"],
      [{ SEX: "1" }, "/crf_data/SEX"],
      [{ CONSENT_DATE: "03/01/2026" }, "/crf_data/CONSENT_DATE"],
      [{ CONSENT_DATE: "2026-02-30" }, "/crf_data/CONSENT_DATE"],
      [{ NOT_AN_ITEM: 1 }, "/crf_data/NOT_AN_ITEM"],
    ];
    for (const [crf_data, path] of cases) {
      const r = await flaskPost(API, F10, {
        study_id: 101,
        subject_label: "DEMO-S01-004",
        event_name: "Bad",
        crf_name: "Demographics",
        crf_data,
      });
      expect(r.status, JSON.stringify(crf_data)).toBe(400);
      expect(r.json.error).toBe("invalid_crf_data");
      expect(r.json.errors.map((e: any) => e.path)).toEqual([path]);
    }
    const weight = await flaskPost(API, F10, {
      study_id: 101,
      subject_label: "DEMO-S01-004",
      event_name: "Bad",
      crf_name: "Vitals",
      crf_data: { WEIGHT: "heavy" },
    });
    expect(weight.status).toBe(400);
    expect(await docs()).toBe(before);
    expect(await count("select count(*) n from forms_events where event_name = 'Bad'")).toBe(0);
  });

  it("unknown CRF / subject / event are 404; a second CRF of the same event is 409", async () => {
    expect(
      (await flaskPost(API, F10, { study_id: 101, subject_label: "DEMO-S01-004", event_name: "X", crf_name: "Nope", crf_data: {} })).json
        .error,
    ).toBe("crf_not_found");
    expect(
      (await flaskPost(API, F10, { study_id: 101, subject_label: "NOPE-001", event_name: "X", crf_name: "Vitals", crf_data: {} })).json
        .error,
    ).toBe("subject_not_found");
    expect(
      (
        await flaskPost(API, "/flask/crf/create-CRF-and-insert-data", {
          study_id: 101,
          subject_label: "DEMO-S01-004",
          event_name: "Never",
          crf_name: "Vitals",
          crf_data: {},
        })
      ).json.error,
    ).toBe("event_not_found");
    const dup = await flaskPost(API, "/flask/crf/create-CRF-and-insert-data", {
      study_id: 101,
      subject_label: "DEMO-S01-001",
      event_name: "Screening",
      crf_name: "Demographics",
      crf_data: { AGE: 1 },
    });
    expect(dup.status).toBe(409);
  });

  it("closed CRFs and closed studies are read-only (409); unknown ids 404", async () => {
    const closed = await flaskPost(API, "/flask/crf/update-CRF-data", { crfDataId: "DEMOGR0001", crf_data: { AGE: 99 } });
    expect(closed.status).toBe(409);
    expect(closed.json.error).toBe("crf_closed");
    expect((await flaskPost(API, "/flask/crf/update-CRF-data", { crfDataId: "ZZZZZZZZZZ", crf_data: {} })).status).toBe(404);
    expect((await flaskPost(API, "/flask/crf/update-CRF-data", { crfDataId: "VITALS0001", crf_data: { SYSBP: "high" } })).status).toBe(400);
    expect(await count("select count(*) n from forms_crf_data where crf_data_id = 'DEMOGR0001' and data like '%99%'")).toBe(0);
  });

  it("subjects touch only their own data; site role only its sites' subjects", async () => {
    expect(
      (await flaskPost(SUBJECT, "/flask/crf/get-CRF-data-ids", { study_id: 101, subject_label: "DEMO-S01-002", crf_name: "Vitals" }))
        .status,
    ).toBe(403);
    expect((await flaskPost(SUBJECT, "/flask/crf/update-CRF-data", { crfDataId: "VITALS0002", crf_data: { SYSBP: 1 } })).status).toBe(403);
    expect(
      (
        await flaskPost(SITE, F10, {
          study_id: 101,
          subject_label: "DEMO-S02-001",
          event_name: "X",
          crf_name: "Vitals",
          crf_data: { SYSBP: 1 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await flaskPost(SITE, F10, {
          study_id: 101,
          subject_label: "DEMO-S01-004",
          event_name: "Site visit",
          crf_name: "Vitals",
          crf_data: { SYSBP: 1 },
        })
      ).status,
    ).toBe(201);
  });

  it("data-server extract: unknown filter or column names and non-ISO dates are 400", async () => {
    const P = "/data-server/data/extract/partial-extract-study-event-data-to-json";
    expect((await flaskPost(API, P, { study_id: 101, filters: { "data; drop": 1 } })).status).toBe(400);
    expect((await flaskPost(API, P, { study_id: 101, columns: { secret: 1 } })).status).toBe(400);
    expect((await flaskPost(API, P, { study_id: 101, filters: { date_from: "last week" } })).status).toBe(400);
  });

  it("bodies over 1 MB are 413 on /data-server and /flask/crf too, nothing stored", async () => {
    const before = await docs();
    const huge = { study_id: 101, eventName: "Big", subjectLabel: "DEMO-S01-004", CRFs: { Vitals: { NOTE: "x".repeat(1_100_000) } } };
    for (const path of ["/data-server/data/create/create-event-crfs-and-insert-data", "/flask/crf/create-event-CRF-and-insert-data"]) {
      const res = await call("POST", path, huge, { token: await tokenOf(API) });
      expect(res.status, path).toBe(413);
      expect(((await res.json()) as any).error).toBe("payload_too_large");
    }
    expect(await docs()).toBe(before);
  });
});

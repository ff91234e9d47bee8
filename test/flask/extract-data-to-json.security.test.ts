import { describe, expect, it } from "vitest";
import { flaskPost, OTHER_API, STUDY, SITE, SUBJECT } from "../helpers/flask";

const EXTRACT = "/flask/customer/extract-data-to-json";

describe("extract-data-to-json (F1): scope", () => {
  it("another customer's study ids are 404; without them only the caller's rows come back", async () => {
    const r = await flaskPost(OTHER_API, EXTRACT, { tableName: "subjects", studyIds: [101, 102] });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain("DEMO-");
    const mine = await flaskPost(OTHER_API, EXTRACT, { tableName: "subjects" });
    expect(mine.json.map((s: any) => s.label)).toEqual(["OTH-S01-001", "OTH-S01-002"]);
  });

  it("study role: only assigned studies; relations not scoped by study are refused", async () => {
    expect((await flaskPost(STUDY, EXTRACT, { tableName: "studies" })).json.map((s: any) => s.id)).toEqual([101]);
    expect((await flaskPost(STUDY, EXTRACT, { tableName: "subjects", studyIds: [102] })).status).toBe(403);
    const trail = await flaskPost(STUDY, EXTRACT, { tableName: "audit_trail" });
    expect(trail.status).toBe(403);
  });

  it("site role: only its site's sites, subjects, CRF data and device logs", async () => {
    expect((await flaskPost(SITE, EXTRACT, { tableName: "sites" })).json.map((s: any) => s.id)).toEqual([1001]);
    const subjects = (await flaskPost(SITE, EXTRACT, { tableName: "subjects" })).json;
    expect(subjects.length).toBe(4);
    expect(subjects.every((s: any) => s.site_id === 1001)).toBe(true);
    const crf = (await flaskPost(SITE, EXTRACT, { tableName: "forms_crf_data" })).json;
    expect(crf.every((d: any) => d.site_id === 1001)).toBe(true);
    const logs = (await flaskPost(SITE, EXTRACT, { tableName: "device_logs" })).json;
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((l: any) => l.subject_label.startsWith("DEMO-S01-"))).toBe(true);
  });

  it("subject role may not extract tables", async () => {
    expect((await flaskPost(SUBJECT, EXTRACT, { tableName: "studies" })).status).toBe(403);
  });
});

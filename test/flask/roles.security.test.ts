import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ADMIN, API, flaskPost, SITE, STUDY, SUBJECT, tokenOf } from "../helpers/flask";
import { post } from "../helpers/http";

const EXTRACT = "/flask/customer/extract-data-to-json";
const GROUPED = "/data-server/data/extract/extract-grouped-study-event-data-to-json";

async function csvSubjects(email: string, studyId: number) {
  const res = await post("/flask/subject/extract-study-event-data-to-CSV", { study_id: studyId }, { token: await tokenOf(email) });
  if (res.status !== 200) return res.status;
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const labels = new Set<string>();
  for (const bytes of Object.values(files))
    for (const line of strFromU8(bytes).split("\r\n").slice(1)) if (line) labels.add(line.split(",")[0]!);
  return [...labels].sort();
}

describe("each role sees exactly its scope", () => {
  it("customer admin and API role: the whole customer", async () => {
    for (const who of [ADMIN, API]) {
      expect((await flaskPost(who, EXTRACT, { tableName: "studies" })).json.map((s: any) => s.id)).toEqual([101, 102]);
      expect((await flaskPost(who, EXTRACT, { tableName: "sites" })).json.map((s: any) => s.id)).toEqual([1001, 1002, 1003, 1004]);
      expect((await flaskPost(who, "/flask/device/get-logs", { study_id: 102 })).status).toBe(200);
      expect((await flaskPost(who, GROUPED, { study_id: 101 })).json.map((g: any) => g.subject)).toEqual([
        "DEMO-S01-001",
        "DEMO-S01-002",
        "DEMO-S01-003",
        "DEMO-S01-004",
        "DEMO-S02-001",
        "DEMO-S02-002",
        "DEMO-S02-003",
      ]);
    }
    expect(await csvSubjects(ADMIN, 101)).toEqual([
      "DEMO-S01-001",
      "DEMO-S01-002",
      "DEMO-S01-003",
      "DEMO-S01-004",
      "DEMO-S02-001",
      "DEMO-S02-002",
      "DEMO-S02-003",
    ]);
  });

  it("study role: only its assigned study 101 (all its sites)", async () => {
    expect((await flaskPost(STUDY, EXTRACT, { tableName: "studies" })).json.map((s: any) => s.id)).toEqual([101]);
    expect((await flaskPost(STUDY, EXTRACT, { tableName: "sites" })).json.map((s: any) => s.id)).toEqual([1001, 1002]);
    const logs = await flaskPost(STUDY, "/flask/device/get-logs", { study_id: 101, limit: 1000 });
    expect(logs.json).toHaveLength(300);
    expect((await flaskPost(STUDY, "/flask/device/get-logs", { study_id: 102 })).status).toBe(403);
    expect((await flaskPost(STUDY, GROUPED, { study_id: 102 })).status).toBe(403);
    expect(((await csvSubjects(STUDY, 101)) as string[]).length).toBe(7);
    expect(await csvSubjects(STUDY, 102)).toBe(403);
  });

  it("site role: only site 1001 (its subjects' data and logs)", async () => {
    expect((await flaskPost(SITE, EXTRACT, { tableName: "studies" })).json.map((s: any) => s.id)).toEqual([101]);
    expect((await flaskPost(SITE, EXTRACT, { tableName: "sites" })).json.map((s: any) => s.id)).toEqual([1001]);
    const logs = await flaskPost(SITE, "/flask/device/get-logs", { study_id: 101, limit: 1000 });
    expect(logs.json.length).toBeGreaterThan(0);
    expect(logs.json.every((l: any) => l.subject_label.startsWith("DEMO-S01-"))).toBe(true);
    expect((await flaskPost(SITE, GROUPED, { study_id: 101 })).json.map((g: any) => g.subject)).toEqual([
      "DEMO-S01-001",
      "DEMO-S01-002",
      "DEMO-S01-003",
      "DEMO-S01-004",
    ]);
    expect(await csvSubjects(SITE, 101)).toEqual(["DEMO-S01-001", "DEMO-S01-002", "DEMO-S01-003", "DEMO-S01-004"]);
    expect((await flaskPost(SITE, "/flask/site/create-update-flask-site", { id: 1002, name: "x" })).status).toBe(403);
  });

  it("subject role: only its own CRF data", async () => {
    expect((await flaskPost(SUBJECT, GROUPED, { study_id: 101 })).json.map((g: any) => g.subject)).toEqual(["DEMO-S01-001"]);
    expect(await csvSubjects(SUBJECT, 101)).toEqual(["DEMO-S01-001"]);
    const partial = await flaskPost(SUBJECT, "/data-server/data/extract/partial-extract-study-event-data-to-json", { study_id: 101 });
    expect(new Set(partial.json.map((r: any) => r.subject))).toEqual(new Set(["DEMO-S01-001"]));
    expect((await flaskPost(SUBJECT, "/flask/crf/get-CRF-data-ids", { study_id: 101, crf_name: "Demographics" })).json.crfDataIds).toEqual([
      "DEMOGR0001",
    ]);
    expect((await flaskPost(SUBJECT, EXTRACT, { tableName: "subjects" })).status).toBe(403);
    expect((await flaskPost(SUBJECT, "/flask/device/get-logs", { study_id: 101 })).status).toBe(403);
    expect((await flaskPost(SUBJECT, GROUPED, { study_id: 102 })).status).toBe(403);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { demoToken } from "../helpers/edc";
import { fetchDownload, startExport, waitForJob, type Job } from "../helpers/exports";
import { call, get, login, problemOf } from "../helpers/http";

const E5 = "/edc/study/send-email-with-study-data-csvs";
const jobCount = async () => (await env.DB.prepare("select count(*) as n from export_jobs").first<{ n: number }>())!.n;

describe("export jobs are the caller's own", () => {
  it("another customer, or another user of the same customer, gets 404 and cannot cancel it", async () => {
    const res = await startExport({ kind: "crf-level" });
    const { id } = (await res.json()) as { id: string };
    for (const email of ["api@other.test", "admin@demo.test"]) {
      const token = await login(email);
      expect((await problemOf(await get(`/edc/exports/${id}`, { token }))).status).toBe(404);
      expect((await problemOf(await call("DELETE", `/edc/exports/${id}`, undefined, { token }))).status).toBe(404);
      const list = (await (await get("/edc/exports", { token })).json()) as { items: Job[] };
      expect(list.items.map((j) => j.id)).not.toContain(id);
    }
    const job = await waitForJob(id);
    expect(job.status).toBe("done");
  });

  it("another customer cannot start a job on this customer's EDC; no token is 401", async () => {
    const before = await jobCount();
    const other = await login("api@other.test");
    expect((await problemOf(await startExport({ kind: "crf-level" }, { token: other }))).status).toBe(403);
    expect((await problemOf(await call("POST", "/edc/exports", { kind: "crf-level" }, { edc: "cc_demo" }))).status).toBe(401);
    expect((await problemOf(await get("/edc/exports"))).status).toBe(401);
    expect(await jobCount()).toBe(before);
  });

  it("every job is in the audit trail", async () => {
    const res = await startExport({ kind: "crf-level" });
    const { id } = (await res.json()) as { id: string };
    await waitForJob(id);
    const rows = (
      await env.DB.prepare("select action, actor from audit_trail where entity = 'export_job' and entity_id = ? order by id").bind(id).all()
    ).results;
    expect(rows.map((r) => r.action)).toEqual(["export.create", "export.start", "export.done"]);
    expect(rows[0]!.actor).toBe("user:2");
  });
});

describe("E5 recipients", () => {
  it("addresses outside the customer's users are refused (403, naming them) unless the customer allows them", async () => {
    const before = await jobCount();
    const refused = await problemOf(
      await startExport({ emails: ["admin@demo.test", "someone@elsewhere.test", "api@other.test"] }, { path: E5 }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("recipient_not_allowed");
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(["/emails/1", "/emails/2"]);
    expect(await jobCount()).toBe(before);

    await env.DB.prepare(
      "update customers set features = json_set(features, '$.export_email_any_address', json('true')) where id = 1",
    ).run();
    const allowed = await startExport({ emails: ["someone@elsewhere.test"] }, { path: E5, token: await demoToken() });
    expect(allowed.status).toBe(202);
  });
});

describe("a job keeps the caller's row scope", () => {
  it("a site-role user's extract-data job holds only its own site's subjects (DEMO-S01), as the streaming route does", async () => {
    const token = await login("site@demo.test");
    const res = await startExport({ kind: "extract-data", params: { tableName: "study_subject" }, format: "ndjson" }, { token });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const job = await waitForJob(id, { token });
    expect(job.status).toBe("done");
    const file = await (await fetchDownload(job.download!)).text();
    const labels = file
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { label: string }).label);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l.startsWith("DEMO-S01-"))).toBe(true);
    const streamed = await call("POST", "/edc/study/extract-data", { tableName: "study_subject" }, { token, edc: "cc_demo" });
    expect(((await streamed.json()) as unknown[]).length).toBe(job.rows);
  });

  it("a site-role user cannot export a relation it may not read (403 naming it), and no job is stored", async () => {
    const before = await jobCount();
    const token = await login("site@demo.test");
    const refused = await problemOf(await startExport({ kind: "extract-data", params: { tableName: "crf" } }, { token }));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("edc_relation_forbidden");
    expect(await jobCount()).toBe(before);
  });
});

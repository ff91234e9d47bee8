import { env } from "cloudflare:workers";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { PART_SIZE } from "../../src/lib/r2-multipart";
import { fetchDownload, waitForJob, type Job } from "../helpers/exports";
import { ADMIN, API, count, SITE, STUDY, SUBJECT, tokenOf } from "../helpers/flask";
import { get, post, problemOf } from "../helpers/http";

const JOBS = "/flask/exports";
const CSV_PATHS = ["/flask/subject/extract-study-event-data-to-CSV", "/data-server/data/extract/extract-study-event-data-to-CSV"];
const jobCount = () => count("select count(*) as n from export_jobs");

async function runJob(email: string, body: unknown): Promise<Job> {
  const token = await tokenOf(email);
  const res = await post(JOBS, body, { token });
  const text = await res.text();
  expect(res.status, text).toBe(202);
  const { id, links } = JSON.parse(text) as { id: string; links: { self: string } };
  expect(res.headers.get("location")).toBe(links.self);
  expect(links.self).toMatch(new RegExp(`/edc/exports/${id}$`));
  const job = await waitForJob(id, { token, timeoutMs: 120_000 });
  expect(job.status, JSON.stringify(job)).toBe("done");
  return job;
}

const unzip = async (res: Response) => unzipSync(new Uint8Array(await res.arrayBuffer()));
const texts = (files: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
const dataRows = (files: Record<string, string>) =>
  Object.values(files).reduce((n, t) => n + t.split("\r\n").filter(Boolean).length - 1, 0);

describe("POST /flask/exports study-event-csvs: extract-study-event-data-to-CSV as a job", () => {
  beforeAll(async () => {
    // 1,200 more Vitals documents of site 1001 and 300 of site 1002, so a form spans several keyset pages (500).
    for (const [from, n, site, subject, label] of [
      [200000, 1200, 1001, 4, "DEMO-S01-004"],
      [300000, 300, 1002, 5, "DEMO-S02-001"],
    ] as const) {
      const seq = `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n})`;
      await env.DB.prepare(
        `${seq} INSERT INTO forms_events (id, customer_id, study_id, subject_id, event_name) SELECT ${from} + i, 1, 101, ${subject}, 'Bulk ' || i FROM seq`,
      ).run();
      await env.DB.prepare(
        `${seq} INSERT INTO forms_crf_data (id, customer_id, study_id, site_id, subject_id, subject_label, event_id, event_name, form_id, crf_name, crf_data_id, data)
         SELECT ${from} + i, 1, 101, ${site}, ${subject}, '${label}', ${from} + i, 'Bulk ' || i, 2, 'Vitals', 'BULK${site}' || printf('%06d', i), '{"SYSBP":' || (100 + i % 50) || ',"WEIGHT":"a,\\"b"}' FROM seq`,
      ).run();
    }
  });

  it("the same zip entries, byte for byte, as both streaming paths; rows = the documents; audited; listed", async () => {
    const job = await runJob(API, { kind: "study-event-csvs", params: { study_id: 101 } });
    expect(job.kind).toBe("study-event-csvs");
    const file = await fetchDownload(job.download!);
    expect(file.headers.get("content-type")).toBe("application/zip");
    expect(file.headers.get("content-disposition")).toContain("FormsStudyData-101.zip");
    const fromJob = texts(await unzip(file));
    for (const path of CSV_PATHS) {
      const fromRoute = texts(await unzip(await post(path, { study_id: 101 }, { token: await tokenOf(API) })));
      expect(fromJob).toEqual(fromRoute);
    }
    expect(job.rows).toBe(await count("select count(*) as n from forms_crf_data where study_id = 101"));
    expect(job.rows).toBe(dataRows(fromJob));
    const audit = await env.DB.prepare("select action, actor from audit_trail where entity = 'export_job' and entity_id = ? order by id")
      .bind(job.id)
      .all();
    expect(audit.results.map((r) => r.action)).toEqual(["export.create", "export.start", "export.done"]);
    expect(String(audit.results[0]!.actor)).toMatch(/^user:\d+$/);
    const list = (await (await get("/edc/exports", { token: await tokenOf(API) })).json()) as { items: Job[] };
    expect(list.items.map((j) => j.id)).toContain(job.id);
  });

  it("keeps the caller's scope: a site-role job holds its sites' subjects, a subject-role job its own rows, as the route does", async () => {
    for (const who of [SITE, SUBJECT, STUDY]) {
      const job = await runJob(who, { kind: "study-event-csvs", params: { study_id: 101 } });
      const fromJob = texts(await unzip(await fetchDownload(job.download!)));
      const fromRoute = texts(await unzip(await post(CSV_PATHS[0]!, { study_id: 101 }, { token: await tokenOf(who) })));
      expect(fromJob).toEqual(fromRoute);
      const labels = new Set(
        Object.values(fromJob).flatMap((t) =>
          t
            .split("\r\n")
            .slice(1)
            .filter(Boolean)
            .map((l) => l.split(",")[0]),
        ),
      );
      if (who === SITE) expect([...labels].every((l) => l!.startsWith("DEMO-S01-"))).toBe(true);
      if (who === SUBJECT) expect([...labels]).toEqual(["DEMO-S01-001"]);
      if (who === STUDY) expect(labels.has("DEMO-S02-001")).toBe(true);
    }
  });

  it("refuses what the route refuses (400, 403, 404 in problem+json) and stores no job", async () => {
    const before = await jobCount();
    const cases: [string, unknown, number][] = [
      [API, { kind: "study-event-csvs", params: {} }, 400],
      [API, { kind: "study-event-csvs", params: { study_id: "x" } }, 400],
      [API, { kind: "nope", params: { study_id: 101 } }, 400],
      [API, { kind: "study-event-csvs", params: { study_id: 999999 } }, 404],
      [STUDY, { kind: "study-event-csvs", params: { study_id: 102 } }, 403],
      [SITE, { kind: "billing-reports", params: { billingDate: "2026-10" } }, 403],
      [API, { kind: "billing-reports", params: { billingDate: "2026-13" } }, 400],
      [API, { kind: "billing-reports", params: { billingDate: "1999-01" } }, 404],
      ["api@other.test", { kind: "billing-reports", params: { billingDate: "2026-10" } }, 403],
    ];
    for (const [who, body, status] of cases) {
      const p = await problemOf(await post(JOBS, body, { token: await tokenOf(who) }));
      expect(p.status, JSON.stringify([who, body, p.body])).toBe(status);
    }
    expect((await problemOf(await post(JOBS, { kind: "study-event-csvs", params: { study_id: 101 } }))).status).toBe(401);
    expect(await jobCount()).toBe(before);
  });
});

describe("POST /flask/exports billing-reports: download-billing-reports as a job", () => {
  it("the month's files, byte for byte as the route zips them, a large file copied by ranges over several parts", async () => {
    // A small report and one of 11 MiB (more than two 5 MiB parts, eleven 1 MiB ranges).
    const big = new Uint8Array(11 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 11)) & 0xff;
    await env.FILES.put("billing/1/2026-09/summary.csv", "billing_month,total\r\n2026-09,42\r\n");
    await env.FILES.put("billing/1/2026-09/study-101-DEMO-001.bin", big);
    await env.DB.prepare(
      `insert into billing_reports (id, customer_id, study_id, billing_month, report_type, file_name, r2_key, size, date_created) values
       (900001, 1, null, '2026-09', 'customer_admin', 'summary.csv', 'billing/1/2026-09/summary.csv', 32, '2026-10-01T02:00:00.000Z'),
       (900002, 1, 101, '2026-09', 'customer_admin', 'study-101-DEMO-001.bin', 'billing/1/2026-09/study-101-DEMO-001.bin', ${big.length}, '2026-10-01T02:00:00.000Z')`,
    ).run();
    const job = await runJob(ADMIN, { kind: "billing-reports", params: { billing_date: "2026-09-17" } });
    expect(job.rows).toBe(2);
    expect(job.parts).toBe(Math.ceil(job.bytes / PART_SIZE));
    expect(job.parts).toBeGreaterThanOrEqual(3);
    const file = await fetchDownload(job.download!);
    expect(file.headers.get("content-disposition")).toContain("billing-reports-2026-09.zip");
    const fromJob = await unzip(file);
    const fromRoute = await unzip(
      await post("/flask/customer/download-billing-reports", { billingDate: "2026-09" }, { token: await tokenOf(ADMIN) }),
    );
    expect(Object.keys(fromJob)).toEqual(Object.keys(fromRoute));
    expect(Object.keys(fromJob).sort()).toEqual(["study-101-DEMO-001.bin", "summary.csv"]);
    for (const name of Object.keys(fromRoute)) expect(Buffer.from(fromJob[name]!).equals(Buffer.from(fromRoute[name]!))).toBe(true);
    expect(Buffer.from(fromJob["study-101-DEMO-001.bin"]!).equals(Buffer.from(big))).toBe(true);
  }, 180_000);
});

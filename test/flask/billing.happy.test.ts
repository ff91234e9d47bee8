import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ADMIN, count, flaskPost, rows, tokenOf } from "../helpers/flask";
import { post } from "../helpers/http";

async function runCron(scheduledTime: string) {
  const ctx = createExecutionContext();
  await worker.scheduled!({ cron: "0 2 1 * *", scheduledTime: Date.parse(scheduledTime), noRetry() {} } as any, env as any, ctx);
  await waitOnExecutionContext(ctx);
}

async function downloadZip(billingDate: string) {
  const res = await post("/flask/customer/download-billing-reports", { billingDate }, { token: await tokenOf(ADMIN) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  expect(res.headers.get("link")).toMatch(/^<https?:\/\/[^>]+\/downloads\/[^>]+>; rel="alternate"$/);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

const parse = (csv: string) =>
  csv
    .trim()
    .split("\r\n")
    .map((l) => l.split(","));

describe("billing reports: cron job and F2", () => {
  beforeAll(async () => {
    // The foundation seed dates studies, sites and assignments at seeding time; reports count what existed at the
    // month's end, so date them before the reported month (October 2026).
    for (const table of ["studies", "sites", "study_users", "site_users"]) {
      await env.DB.prepare(`update ${table} set date_created = '2026-01-10T00:00:00.000Z'`).run();
    }
  });

  it("the cron of 1 November writes October's files for customers with the feature on, and F2 zips them", async () => {
    await runCron("2026-11-01T02:00:00Z");
    const reports = await rows<{ customer_id: number; billing_month: string; file_name: string; r2_key: string }>(
      "select * from billing_reports order by file_name",
    );
    expect(reports.every((r) => r.customer_id === 1 && r.billing_month === "2026-10")).toBe(true); // Other Pharma has the feature off
    expect(reports.map((r) => r.file_name)).toEqual(["study-101-DEMO-001.csv", "study-102-DEMO-002.csv", "summary.csv"]);
    for (const r of reports) expect(r.r2_key).toBe(`billing/1/2026-10/${r.file_name}`);
    expect(await env.FILES.get("billing/1/2026-10/summary.csv")).not.toBeNull();

    const files = await downloadZip("2026-10-15");
    expect(Object.keys(files).sort()).toEqual(["study-101-DEMO-001.csv", "study-102-DEMO-002.csv", "summary.csv"]);
    const study101 = parse(files["study-101-DEMO-001.csv"]!);
    expect(study101[0]).toEqual([
      "billing_month",
      "study_id",
      "unique_protocolid",
      "brief_title",
      "active_subjects",
      "sites",
      "users",
      "device_logs",
      "crf_documents",
    ]);
    const octLogs = await count(
      "select count(*) n from device_logs where study_id = 101 and log_date >= '2026-10-01T00:00:00.000Z' and log_date < '2026-11-01T00:00:00.000Z'",
    );
    const octCrfs = await count(
      "select count(*) n from forms_crf_data where study_id = 101 and date_created >= '2026-10-01T00:00:00.000Z' and date_created < '2026-11-01T00:00:00.000Z'",
    );
    const subjects = await count("select count(*) n from subjects where study_id = 101 and status = 'active'");
    expect(octLogs).toBeGreaterThan(0);
    expect(octCrfs).toBe(3);
    expect(study101[1]).toEqual(["2026-10", "101", "DEMO-001", "Demo Study", String(subjects), "2", "3", String(octLogs), String(octCrfs)]);
    const summary = parse(files["summary.csv"]!);
    expect(summary).toHaveLength(4);
    expect(summary[3]![1]).toBe("TOTAL");
    expect(summary[3]![7]).toBe(String(octLogs));
  });

  it("re-running a month replaces its files: same names, no duplicate rows, new data counted", async () => {
    await runCron("2026-11-01T02:00:00Z");
    const before = await rows<{ file_name: string }>(
      "select file_name from billing_reports where billing_month = '2026-10' order by file_name",
    );
    await env.DB.prepare(
      "insert into device_logs (customer_id, study_id, device_id, log_date) values (1, 101, 'LATE', '2026-10-20T12:00:00.000Z')",
    ).run();
    await runCron("2026-11-01T02:00:00Z");
    const after = await rows<{ file_name: string }>(
      "select file_name from billing_reports where billing_month = '2026-10' order by file_name",
    );
    expect(after).toEqual(before);
    expect(await count("select count(*) n from billing_reports")).toBe(3);
    const files = await downloadZip("2026-10");
    const octLogs = await count(
      "select count(*) n from device_logs where study_id = 101 and log_date >= '2026-10-01T00:00:00.000Z' and log_date < '2026-11-01T00:00:00.000Z'",
    );
    expect(parse(files["study-101-DEMO-001.csv"]!)[1]![7]).toBe(String(octLogs));
    const listed = await env.FILES.list({ prefix: "billing/1/2026-10/" });
    expect(listed.objects.map((o) => o.key).sort()).toEqual([
      "billing/1/2026-10/study-101-DEMO-001.csv",
      "billing/1/2026-10/study-102-DEMO-002.csv",
      "billing/1/2026-10/summary.csv",
    ]);
    // The runs are audited.
    expect(
      await count("select count(*) n from audit_trail where action = 'billing.generate' and entity_id = '2026-10'"),
    ).toBeGreaterThanOrEqual(2);
  });

  it("the billing files are listed by extract-data-to-json through billing_reports_customer", async () => {
    const r = await flaskPost(ADMIN, "/flask/customer/extract-data-to-json", {
      tableName: "billing_reports_customer",
      filters: { billing_month: "2026-10" },
    });
    expect(r.json.map((x: any) => x.file_name).sort()).toEqual(["study-101-DEMO-001.csv", "study-102-DEMO-002.csv", "summary.csv"]);
    expect(r.text).not.toContain("r2_key");
  });
});

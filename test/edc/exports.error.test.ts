import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { demoToken } from "../helpers/edc";
import { fetchDownload, jobOf, startExport, waitForJob } from "../helpers/exports";
import { call, get, problemOf } from "../helpers/http";
import { createExportSchema, EXPORT_ROWS, ndjsonIds } from "../helpers/edc-export-rows";

const control = (env as unknown as { EDC_FAULT_CONTROL_URL: string }).EDC_FAULT_CONTROL_URL;
const jobCount = async () => (await env.DB.prepare("select count(*) as n from export_jobs").first<{ n: number }>())!.n;

describe("export jobs refuse bad input with problem+json and store nothing", () => {
  const cases: [string, unknown, number, string, string?][] = [
    ["no kind", {}, 400, "validation_failed", "/kind"],
    ["an unknown kind", { kind: "everything" }, 400, "validation_failed", "/kind"],
    ["extract-data without params", { kind: "extract-data" }, 400, "validation_failed", "/params"],
    ["an unknown format", { kind: "extract-data", format: "xml", params: { tableName: "item_data" } }, 400, "validation_failed", "/format"],
    ["an unknown table", { kind: "extract-data", params: { tableName: "no_such_table" } }, 400, "invalid_identifier", "/params/tableName"],
    ["a sort", { kind: "extract-data", params: { tableName: "item_data", sort: "value" } }, 400, "invalid_field", "/params/sort"],
    [
      "a view without a keyset",
      { kind: "extract-data", params: { tableName: "cc_event_data" } },
      400,
      "not_sliceable",
      "/params/tableName",
    ],
    [
      "a wrong filter value",
      { kind: "extract-data", params: { tableName: "item_data", filters: { item_data_id: "x" } } },
      400,
      "invalid_value",
      "/params/filters/item_data_id",
    ],
    [
      "an unknown CRF-level filter",
      { kind: "crf-level", params: { filters: { no_such_item: 1 } } },
      400,
      "invalid_filter",
      "/params/filters/no_such_item",
    ],
    [
      "dates out of order",
      { kind: "download-csvs-data", params: { fromDate: "2020-02-01", toDate: "2020-01-01" } },
      400,
      "validation_failed",
      "/params/fromDate",
    ],
    ["a bad notify address", { kind: "crf-level", notify: { emails: ["not-an-address"] } }, 400, "validation_failed", "/notify/emails/0"],
    ["an empty notify list", { kind: "crf-level", notify: { emails: [] } }, 400, "validation_failed", "/notify/emails"],
  ];
  for (const [what, body, status, code, path] of cases) {
    it(`${what}: ${status} ${code}`, async () => {
      const before = await jobCount();
      const { status: got, contentType, body: problem } = await problemOf(await startExport(body));
      expect(got).toBe(status);
      expect(contentType).toBe("application/problem+json");
      expect(problem.error).toBe(code);
      if (path) expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await jobCount()).toBe(before);
    });
  }

  it("E5 needs a non-empty list of addresses", async () => {
    for (const body of [{}, { emails: [] }, { emails: ["x"] }]) {
      const { status, body: problem } = await problemOf(await startExport(body, { path: "/edc/study/send-email-with-study-data-csvs" }));
      expect(status).toBe(400);
      expect(problem.errors[0].path).toMatch(/^\/emails/);
    }
  });

  it("the EDC header is required to start a job", async () => {
    const res = await call("POST", "/edc/exports", { kind: "crf-level" }, { token: await demoToken() });
    expect((await problemOf(res)).body.error).toBe("edc_header_missing");
  });

  it("unknown ids answer 404; bad paging answers 400", async () => {
    const token = await demoToken();
    expect((await problemOf(await get("/edc/exports/00000000-0000-0000-0000-000000000000", { token }))).status).toBe(404);
    expect((await problemOf(await call("DELETE", "/edc/exports/nope", undefined, { token }))).status).toBe(404);
    const badCursor = await problemOf(await get("/edc/exports?cursor=not-a-cursor", { token }));
    expect([badCursor.status, badCursor.body.error]).toEqual([400, "invalid_cursor"]);
    expect((await problemOf(await get("/edc/exports?limit=0", { token }))).status).toBe(400);
    expect((await problemOf(await get("/edc/exports?limit=101", { token }))).status).toBe(400);
  });
});

describe("a slice that fails is retried from its own start", () => {
  beforeAll(async () => {
    await createExportSchema("cc_export_fault", 9102);
  }, 180_000);

  it("the EDC connection cut mid-slice: the job still ends with every row exactly once", async () => {
    const res = await startExport(
      { kind: "extract-data", format: "ndjson", params: { tableName: "export_rows" } },
      { edc: "cc_export_fault" },
    );
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    // After the first part, cut the connection of whichever slice is reading (only slice queries name the table so, now).
    await waitForJob(id, { timeoutMs: 170_000, until: (j) => j.parts > 0 || !["queued", "running"].includes(j.status) });
    let cut = 0;
    while (cut === 0 && (await jobOf(id)).status === "running") {
      const answer = await fetch(`${control}/cut?marker=${encodeURIComponent('"cc_export_fault"."export_rows"')}`, { method: "POST" });
      cut = ((await answer.json()) as { cut: number }).cut;
      if (cut === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(cut).toBeGreaterThan(0);
    const job = await waitForJob(id, { timeoutMs: 170_000 });
    expect(job.status).toBe("done");
    expect(job.retries).toBeGreaterThanOrEqual(1);
    expect(job.rows).toBe(EXPORT_ROWS);
    const ids = ndjsonIds(await (await fetchDownload(job.download!)).text());
    expect(ids.length).toBe(EXPORT_ROWS);
    expect(ids.every((v, i) => v === i + 1)).toBe(true);
  }, 180_000);
});

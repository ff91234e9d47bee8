import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PART_SIZE } from "../../src/lib/r2-multipart";
import { demoToken, edcPost, edcSql } from "../helpers/edc";
import { fetchDownload, jobOf, startExport, waitForJob, type Job } from "../helpers/exports";
import { call, get, login } from "../helpers/http";
import { outbox } from "../helpers/mail";
import { parseCsv, zipEntries } from "../helpers/zip";
import { createExportSchema, EXPORT_ROWS, ndjsonIds } from "../helpers/edc-export-rows";
import { registerEdcStudy } from "../helpers/edc-edge-schema";

describe("export jobs (POST /edc/exports)", () => {
  it("extract-data as CSV: 202 + Location, then done with a signed link; rows = a direct count", async () => {
    const res = await startExport({ kind: "extract-data", format: "csv", params: { tableName: "item_data" } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; links: { self: string } };
    expect(body.status).toBe("queued");
    expect(res.headers.get("location")).toBe(body.links.self);
    expect(body.links.self).toMatch(new RegExp(`/edc/exports/${body.id}$`));

    const job = await waitForJob(body.id);
    expect(job.status).toBe("done");
    const sql = edcSql();
    const [{ n }] = (await sql`select count(*)::int as n from cc_demo.item_data`) as unknown as [{ n: number }];
    expect(job.rows).toBe(n);
    expect(job.parts).toBe(1);
    expect(job.started).toBeTruthy();
    expect(job.finished).toBeTruthy();
    const file = await fetchDownload(job.download!);
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(job.bytes).toBe(new TextEncoder().encode(text).length);
    const rows = parseCsv(text);
    expect(rows.length).toBe(n + 1);
    const ids = rows.slice(1).map((r) => Number(r[rows[0]!.indexOf("item_data_id")]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(n);
  });
});

/** Waits until the job's Workflow instance has finished running (whatever its job's status). */
async function workflowEnded(id: string) {
  const instance = await env.EXPORTS.get(id);
  for (let i = 0; i < 600; i++) {
    const { status } = await instance.status();
    if (["complete", "errored", "terminated"].includes(status)) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`workflow ${id} still running`);
}

describe("export jobs over several parts", () => {
  beforeAll(async () => {
    await createExportSchema("cc_export", 9101);
  }, 180_000);

  it("a 120,000-row NDJSON export: 5 MiB parts, progress per slice, every row once in key order", async () => {
    const res = await startExport({ kind: "extract-data", format: "ndjson", params: { tableName: "export_rows" } }, { edc: "cc_export" });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const seen: number[] = [];
    const job = await waitForJob(id, {
      timeoutMs: 170_000,
      until: (j) => {
        if (j.rows > 0) seen.push(j.rows);
        return !["queued", "running"].includes(j.status);
      },
    });
    expect(job.status).toBe("done");
    expect(job.rows).toBe(EXPORT_ROWS);
    expect(job.parts).toBeGreaterThanOrEqual(3);
    // Progress moved forward slice by slice before the end.
    expect(seen.some((n) => n > 0 && n < EXPORT_ROWS)).toBe(true);
    const file = await fetchDownload(job.download!);
    expect(file.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes.length).toBe(job.bytes);
    expect(Math.ceil(bytes.length / PART_SIZE)).toBe(job.parts);
    const ids = ndjsonIds(new TextDecoder().decode(bytes));
    expect(ids.length).toBe(EXPORT_ROWS);
    expect(ids.every((v, i) => v === i + 1)).toBe(true);
  }, 180_000);

  it("DELETE cancels a running job: it stays cancelled, stops, and leaves no file", async () => {
    const res = await startExport({ kind: "extract-data", format: "ndjson", params: { tableName: "export_rows" } }, { edc: "cc_export" });
    const { id } = (await res.json()) as { id: string };
    await waitForJob(id, { until: (j) => j.status !== "queued" });
    const del = await call("DELETE", `/edc/exports/${id}`, undefined, { token: await demoToken() });
    expect(del.status).toBe(200);
    expect(((await del.json()) as Job).status).toBe("cancelled");
    // The Workflow notices at its next slice and ends.
    await workflowEnded(id);
    const job = await jobOf(id);
    expect(job.status).toBe("cancelled");
    expect(job.download).toBeUndefined();
    expect(job.rows).toBeLessThan(EXPORT_ROWS);
    expect(await env.FILES.head(`downloads/${id}/cc_export_export_rows.ndjson`)).toBeNull();
    const again = await call("DELETE", `/edc/exports/${id}`, undefined, { token: await demoToken() });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
  }, 90_000);

  it("a job cancelled right after it was accepted ends cancelled and leaves no file", async () => {
    const res = await startExport({ kind: "extract-data", format: "csv", params: { tableName: "export_rows" } }, { edc: "cc_export" });
    const text = await res.text();
    expect(res.status, text).toBe(202);
    const { id } = JSON.parse(text) as { id: string };
    const del = await call("DELETE", `/edc/exports/${id}`, undefined, { token: await demoToken() });
    expect(del.status).toBe(200);
    await workflowEnded(id);
    const job = await jobOf(id);
    expect(job.status).toBe("cancelled");
    expect(job.download).toBeUndefined();
    expect(await env.FILES.head(`downloads/${id}/cc_export_export_rows.csv`)).toBeNull();
  }, 90_000);
});

describe("CRF-level export jobs give what the streaming routes give", () => {
  /** A CSV's header and its rows as sorted lines: jobs order rows by event_crf_id, the routes by subject. */
  const csvShape = (text: string) => {
    const [header, ...rows] = parseCsv(text).map((r) => r.join("\u0001"));
    return { header, rows: rows.sort() };
  };

  it("download-csvs-data: the same files, headers and rows as E2", async () => {
    const res = await startExport({ kind: "download-csvs-data" });
    const job = await waitForJob(((await res.json()) as { id: string }).id);
    expect(job.status).toBe("done");
    const fromJob = await zipEntries(await fetchDownload(job.download!));
    const fromRoute = await zipEntries(await edcPost("/edc/study/download-csvs-data", {}));
    expect(fromJob.map(([n]) => n)).toEqual(fromRoute.map(([n]) => n));
    fromJob.forEach(([, text], i) => expect(csvShape(text)).toEqual(csvShape(fromRoute[i]![1])));
    expect(job.rows).toBe(fromRoute.reduce((n, [, text]) => n + parseCsv(text).length - 1, 0));
  });

  it("crf-level-csvs with a filter: the same as E4", async () => {
    const params = { filters: { site_id: "DEMO-S01" } };
    const res = await startExport({ kind: "crf-level-csvs", params });
    const job = await waitForJob(((await res.json()) as { id: string }).id);
    expect(job.status).toBe("done");
    const fromJob = await zipEntries(await fetchDownload(job.download!));
    const fromRoute = await zipEntries(await edcPost("/edc/study/extract-study-data-at-crf-level-to-csvs", params));
    expect(fromJob.map(([n]) => n)).toEqual(fromRoute.map(([n]) => n));
    fromJob.forEach(([, text], i) => expect(csvShape(text)).toEqual(csvShape(fromRoute[i]![1])));
  });

  it("crf-level (JSON): the same CRFs and rows as E3", async () => {
    const res = await startExport({ kind: "crf-level" });
    const job = await waitForJob(((await res.json()) as { id: string }).id);
    expect(job.status).toBe("done");
    const fromJob = (await (await fetchDownload(job.download!)).json()) as Record<string, { event_crf_id: number }[]>;
    const fromRoute = (await (await edcPost("/edc/study/extract-study-data-at-crf-level", {})).json()) as Record<
      string,
      { event_crf_id: number }[]
    >;
    const byId = (rows: { event_crf_id: number }[]) => [...rows].sort((a, b) => a.event_crf_id - b.event_crf_id);
    expect(Object.keys(fromJob)).toEqual(Object.keys(fromRoute));
    for (const crf of Object.keys(fromRoute)) expect(byId(fromJob[crf]!)).toEqual(byId(fromRoute[crf]!));
    expect(job.rows).toBe(Object.values(fromRoute).reduce((n, rows) => n + rows.length, 0));
  });
});

describe("GET /edc/exports lists the caller's jobs", () => {
  it("newest first, keyset-paged with next", async () => {
    const token = await login("admin@demo.test");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await startExport({ kind: "crf-level" }, { token });
      ids.push(((await res.json()) as { id: string }).id);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const id of ids) await waitForJob(id, { token });
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/edc/exports?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Job[]; next: string | null };
      pages.push(page.items.map((j) => j.id));
      cursor = page.next;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat()).toEqual([...ids].reverse());
    // An EDC header narrows the list to that database.
    const narrowed = async (edc: string) => ((await (await get("/edc/exports", { token, edc })).json()) as { items: Job[] }).items.length;
    expect(await narrowed("cc_demo")).toBe(3);
    await registerEdcStudy(9103, "cc_other");
    expect(await narrowed("cc_other")).toBe(0);
  });
});

describe("POST /edc/study/send-email-with-study-data-csvs (E5)", () => {
  it("mails each recipient a signed link to the E2 zip (no attachment): the stored messages, read back from disk", async () => {
    const res = await startExport(
      { emails: ["admin@demo.test", "Study@Demo.test"] },
      { path: "/edc/study/send-email-with-study-data-csvs" },
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; recipients: number; links: { self: string } };
    expect(body.recipients).toBe(2);
    expect(res.headers.get("location")).toBe(body.links.self);
    const job = await waitForJob(body.id);
    expect(job.status).toBe("done");
    expect(job.kind).toBe("download-csvs-data");

    // Mail goes out in the step after the upload completes; miniflare's send_email stores each message as .eml.
    const mails = await outbox(body.id, 2);
    expect(mails.map((m) => m.headers.to).sort()).toEqual(["admin@demo.test", "study@demo.test"]);
    const expectedNames = (await zipEntries(await edcPost("/edc/study/download-csvs-data", {}))).map(([n]) => n);
    for (const mail of mails) {
      expect(mail.file).toMatch(/[/\\]files[/\\]email[/\\][^/\\]+\.eml$/);
      expect(mail.headers.from).toBe("exports@trialedge.example");
      expect(mail.headers.subject).toBe("TrialEdge export ready: cc_demo_study_data.zip");
      expect(mail.headers["message-id"]).toMatch(new RegExp(`^<${body.id}\\.[0-9a-f-]+@trialedge\\.example>$`));
      expect(mail.headers["content-type"]).toBe("text/plain; charset=utf-8");
      // A link, never an attachment.
      expect(mail.raw).not.toMatch(/multipart|Content-Disposition/i);
      expect(mail.body).toContain(`${job.rows} rows, ${job.bytes} bytes`);
      const link = /^(https?:\/\/\S+\/downloads\/\S+)$/m.exec(mail.body)?.[1];
      expect(link).toBeTruthy();
      const expires = Number(new URL(link!).searchParams.get("expires"));
      // EXPORT_LINK_TTL_SECONDS (3 days), not the API's 15-minute link.
      expect(expires * 1000 - Date.now()).toBeGreaterThan(2.9 * 24 * 3600 * 1000);
      const zip = await fetchDownload(link!);
      expect(zip.status).toBe(200);
      expect(zip.headers.get("content-type")).toBe("application/zip");
      const entries = await zipEntries(zip);
      expect(entries.map(([n]) => n)).toEqual(expectedNames);
      expect(entries.reduce((n, [, text]) => n + parseCsv(text).length - 1, 0)).toBe(job.rows);
      // A tampered link is refused.
      const forged = new URL(link!);
      forged.searchParams.set("expires", String(expires + 1));
      expect((await fetchDownload(forged.toString())).status).toBe(403);
    }
    // What the job records of each message matches what was sent.
    const sent = (
      await env.DB.prepare("select recipient, message_id from export_notifications where job_id = ? order by recipient").bind(body.id).all()
    ).results;
    expect(sent.map((m) => m.recipient)).toEqual(["admin@demo.test", "study@demo.test"]);
    expect(new Set(sent.map((m) => m.message_id))).toEqual(new Set(mails.map((m) => m.headers["message-id"])));
  });
});

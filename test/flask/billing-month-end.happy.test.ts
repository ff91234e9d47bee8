import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ADMIN, count, flaskPost } from "../helpers/flask";

/** Runs the cron of 1 November 2026: October's reports. */
async function runOctober() {
  const ctx = createExecutionContext();
  await worker.scheduled!({ cron: "0 2 1 * *", scheduledTime: Date.parse("2026-11-01T02:00:00Z"), noRetry() {} } as any, env as any, ctx);
  await waitOnExecutionContext(ctx);
}

/** October's files as written to R2: name -> CSV text. */
async function octoberFiles() {
  const listed = await env.FILES.list({ prefix: "billing/1/2026-10/" });
  const out: Record<string, string> = {};
  for (const o of listed.objects) out[o.key.split("/").pop()!] = await (await env.FILES.get(o.key))!.text();
  return out;
}

const study101 = (files: Record<string, string>) => {
  const [header, row] = files["study-101-DEMO-001.csv"]!.trim()
    .split("\r\n")
    .map((l) => l.split(","));
  return Object.fromEntries(header!.map((h, i) => [h, row![i]]));
};

const run = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .run();

describe("billing reports count a month as it ended: a re-run after later changes gives the same figures", () => {
  beforeAll(async () => {
    // Everything of the seed existed before October 2026; one subject was removed in October, one only in November.
    for (const table of ["studies", "sites", "study_users", "site_users"])
      await run(`update ${table} set date_created = '2026-01-10T00:00:00.000Z'`);
    await run("update subjects set status = 'removed', date_updated = '2026-10-20T00:00:00.000Z' where label = 'DEMO-S01-004'");
    await run("update subjects set status = 'removed', date_updated = '2026-11-05T00:00:00.000Z' where label = 'DEMO-S01-003'");
  });

  it("counts the rows that existed at the month's end: created before it and not removed before it", async () => {
    await runOctober();
    const row = study101(await octoberFiles());
    // 7 subjects of study 101, minus the one removed in October (the one removed in November was still active).
    expect(row.active_subjects).toBe("6");
    expect(row.sites).toBe("2");
    expect(row.users).toBe("3");
  });

  it("rows created after the month, a site removed after it, and an F7 that keeps the users change nothing", async () => {
    await runOctober();
    const before = await octoberFiles();
    expect(Object.keys(before).sort()).toEqual(["study-101-DEMO-001.csv", "study-102-DEMO-002.csv", "summary.csv"]);

    const nov = "2026-11-15T00:00:00.000Z";
    await run(
      "insert into studies (id, customer_id, brief_title, unique_protocolid, date_created) values (150, 1, 'November study', 'NOV-1', ?)",
      nov,
    );
    await run(
      "insert into sites (id, customer_id, study_id, name, unique_identifier, date_created) values (1050, 1, 101, 'Site 03', 'DEMO-S03', ?)",
      nov,
    );
    await run(
      "insert into subjects (id, customer_id, study_id, site_id, label, status, date_created) values (900, 1, 101, 1050, 'DEMO-S03-001', 'active', ?)",
      nov,
    );
    await run("insert into users (id, customer_id, email, role_id, date_created) values (900, 1, 'nov@demo.test', 3, ?)", nov);
    await run("insert into study_users (customer_id, study_id, user_id, role_id, date_created) values (1, 101, 900, 3, ?)", nov);
    await run("update sites set status = 'removed', date_updated = ? where id = 1002", nov);
    // F7 now re-assigns the same three users of study 101 (and the November one): their assignments keep their dates.
    const f7 = await flaskPost(ADMIN, "/flask/study/create-update-flask-study-users", {
      study_id: 101,
      users: [
        { email: "study@demo.test", role: 3 },
        { email: "site@demo.test", role: 4, site_ids: [1001] },
        { email: "subject@demo.test", role: 5 },
        { email: "nov@demo.test", role: 3 },
      ],
    });
    expect(f7.status).toBe(200);
    expect(await count("select count(*) n from study_users where study_id = 101")).toBe(4);

    await runOctober();
    expect(await octoberFiles()).toEqual(before);
    expect(study101(before)).toMatchObject({ active_subjects: "6", sites: "2", users: "3" });
  });
});

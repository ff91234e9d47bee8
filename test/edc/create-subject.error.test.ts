import { env } from "cloudflare:workers";
import type postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoCopy } from "../helpers/edc-schema";
import { login, post, problemOf } from "../helpers/http";

// Writes go to cc_subj_error (a fresh copy of the demo EDC), never to cc_demo.
const EDC = "cc_subj_error";
let sql: postgres.Sql;
let token: string;

const create = (body: unknown, opts: { token?: string; edc?: string } = {}) =>
  post("/edc/subjects/create-subject", body, { token: opts.token ?? token, edc: opts.edc ?? EDC });
const counts = async () =>
  (
    await sql.unsafe(`select (select count(*) from cc_subj_error.study_subject)::int as ss, (select count(*) from cc_subj_error.subject)::int as s,
    (select count(*) from cc_subj_error.audit_log_event)::int as a, (select string_agg(name || '=' || index, ',' order by name) from cc_subj_error.study_subject_id) as counters`)
  )[0];

beforeAll(async () => {
  sql = await loadDemoCopy(EDC);
  await env.DB.batch([
    env.DB.prepare(
      "insert into studies (id, customer_id, brief_title, unique_protocolid, dbname) values (150, 1, 'Subjects Copy', 'SUBJ-1', ?)",
    ).bind(EDC),
    env.DB.prepare(
      "insert into sites (id, customer_id, study_id, name, unique_identifier) values (1501, 1, 150, 'Site 01 Boston', 'DEMO-S01'), (1502, 1, 150, 'Site 02 Haifa', 'DEMO-S02')",
    ),
    env.DB.prepare("insert into site_users (customer_id, site_id, user_id) values (1, 1501, 4)"),
  ]);
  token = await login("api@demo.test");
});

describe("POST /edc/subjects/create-subject refuses, and writes nothing", () => {
  it("409 duplicate_label naming the label, in the same site or another site of the study", async () => {
    const before = await counts();
    for (const [label, site] of [
      ["DEMO-S01-001", "DEMO-S01"],
      ["DEMO-S02-001", "DEMO-S01"],
      [" DEMO-S01-002 ", "DEMO-S02"],
    ]) {
      const { status, contentType, body } = await problemOf(await create({ label, site }));
      expect(status).toBe(409);
      expect(contentType).toBe("application/problem+json");
      expect(body.error).toBe("duplicate_label");
      expect(body.detail).toContain(JSON.stringify(label!.trim()));
      expect(body.errors[0].path).toBe("/label");
    }
    expect(await counts()).toEqual(before);
  });

  it("409 duplicate_person_id when the person ID is used in the study", async () => {
    const before = await counts();
    const { status, body } = await problemOf(await create({ site: "DEMO-S02", personId: "DEMO-P001" }));
    expect(status).toBe(409);
    expect(body.error).toBe("duplicate_person_id");
    // The auto label's counter moved inside the transaction and rolled back with it.
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ label: "x".repeat(31) }, "/label"],
    [{ label: "   " }, "/label"],
    [{ label: "A\u0000B" }, "/label"],
    [{ label: "A\nB" }, "/label"],
    [{ label: 12 }, "/label"],
    [{ site: "DEMO-S01", enrollmentDate: "15/01/2024" }, "/enrollmentDate"],
    [{ site: "DEMO-S01", enrollmentDate: "2024-02-30" }, "/enrollmentDate"],
    [{ site: "DEMO-S01", dateOfBirth: "2999-01-01" }, "/dateOfBirth"],
    [{ site: "DEMO-S01", dateOfBirth: "1980-01-01T00:00:00Z" }, "/dateOfBirth"],
    [{ site: "DEMO-S01", gender: "x" }, "/gender"],
    [{ siteId: "2; drop table study" }, "/siteId"],
    [{ site: { $ne: "" } }, "/site"],
    [{ secondaryLabel: "y".repeat(31) }, "/secondaryLabel"],
  ])("400 validation_failed for %j", async (input, path) => {
    const before = await counts();
    const { status, body } = await problemOf(await create(input));
    expect(status).toBe(400);
    expect(body.error).toBe("validation_failed");
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it("400 unknown_site for a site that is not in this EDC (or is the study itself), and for site/siteId that disagree", async () => {
    const before = await counts();
    for (const [input, path] of [
      [{ site: "NOPE" }, "/site"],
      [{ siteId: 1 }, "/siteId"],
      [{ siteId: 999 }, "/siteId"],
      [{ site: "DEMO-S01", siteId: 3 }, "/siteId"],
      [{ site: "OTH-S01" }, "/site"],
    ] as const) {
      const { status, body } = await problemOf(await create(input));
      expect(status, JSON.stringify(input)).toBe(400);
      expect(body.error).toBe("unknown_site");
      expect(body.errors[0].path).toBe(path);
    }
    expect(await counts()).toEqual(before);
  });

  it("403 site_forbidden when a site user names another site", async () => {
    const siteToken = await login("site@demo.test");
    const { status, body } = await problemOf(await create({ site: "DEMO-S02" }, { token: siteToken }));
    expect(status).toBe(403);
    expect(body.error).toBe("site_forbidden");
  });

  it("403 for a study user not assigned to the study, and for another customer's API user", async () => {
    const before = await counts();
    const study = await problemOf(await create({ site: "DEMO-S01" }, { token: await login("study@demo.test") }));
    expect(study.status).toBe(403);
    expect(study.body.error).toBe("edc_forbidden");
    const other = await problemOf(await create({ site: "DEMO-S01" }, { token: await login("api@other.test") }));
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("edc_forbidden");
    const demoDb = await problemOf(await create({ site: "DEMO-S01" }, { token: await login("api@other.test"), edc: "cc_demo" }));
    expect(demoDb.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("follows the study's subjectIdGeneration, enrollment-date and person-id settings", async () => {
    const set = (parameter: string, value: string) =>
      sql.unsafe(`update cc_subj_error.study_parameter_value set value = $2 where study_id = 1 and parameter = $1`, [parameter, value]);
    const siteSet = (value: string) =>
      sql.unsafe(`update cc_subj_error.study_parameter_value set value = $1 where study_id = 2 and parameter = 'subjectIdGeneration'`, [
        value,
      ]);
    const before = await counts();
    try {
      await siteSet("manual");
      let p = await problemOf(await create({ site: "DEMO-S01" }));
      expect(p.status).toBe(400);
      expect(p.body.errors).toEqual([{ path: "/label", message: expect.stringContaining("required") }]);
      await siteSet("auto-non-editable");
      p = await problemOf(await create({ site: "DEMO-S01", label: "MINE-1" }));
      expect(p.status).toBe(400);
      expect(p.body.errors[0].path).toBe("/label");
      await siteSet("auto-editable");
      await set("dateOfEnrollmentForStudyRequired", "yes");
      await set("genderRequired", "true");
      await set("subjectPersonIdRequired", "required");
      p = await problemOf(await create({ site: "DEMO-S01" }));
      expect(p.status).toBe(400);
      expect(p.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["/enrollmentDate", "/gender", "/personId"]);
      expect(await counts()).toEqual(before);
    } finally {
      await siteSet("auto-editable");
      await set("dateOfEnrollmentForStudyRequired", "no");
      await set("genderRequired", "false");
      await set("subjectPersonIdRequired", "optional");
    }
  });

  it("409 study_closed while the study is locked or frozen", async () => {
    const before = await counts();
    try {
      await sql.unsafe(`update cc_subj_error.study set status_id = 9 where study_id = 1`);
      const { status, body } = await problemOf(await create({ site: "DEMO-S01" }));
      expect(status).toBe(409);
      expect(body.error).toBe("study_closed");
    } finally {
      await sql.unsafe(`update cc_subj_error.study set status_id = 1 where study_id = 1`);
    }
    expect(await counts()).toEqual(before);
  });

  it("rolls the EDC transaction back when TrialEdge's audit row cannot be written", async () => {
    const before = await counts();
    await env.DB.prepare(`create trigger fail_subject_audit before insert on audit_trail when new.action = 'edc.subject.create'
      begin select raise(abort, 'audit store unavailable'); end`).run();
    try {
      const res = await create({ site: "DEMO-S01", label: "AUDIT-FAILS" });
      expect(res.status).toBe(500);
    } finally {
      await env.DB.prepare("drop trigger fail_subject_audit").run();
    }
    expect(await counts()).toEqual(before);
    expect((await sql.unsafe(`select count(*)::int as n from cc_subj_error.study_subject where label = 'AUDIT-FAILS'`))[0]!.n).toBe(0);
    // and the same request works once the audit store is back
    expect((await create({ site: "DEMO-S01", label: "AUDIT-FAILS" })).status).toBe(201);
  });

  it("400 when the EDC header is missing, 403 for an EDC database no study of the customer uses", async () => {
    const missing = await problemOf(await post("/edc/subjects/create-subject", { site: "DEMO-S01" }, { token }));
    expect(missing.status).toBe(400);
    const foreign = await problemOf(await create({ site: "DEMO-S01" }, { edc: "cc_other" }));
    expect(foreign.status).toBe(403);
  });
});

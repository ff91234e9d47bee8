import { env } from "cloudflare:workers";
import type postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoCopy } from "../helpers/edc-schema";
import { login, post } from "../helpers/http";

// Writes go to cc_subj_happy, a fresh copy of the demo EDC (same study, sites, counters and subjects as
// cc_demo: DEMO-S01 has issued 11 labels, DEMO-S02 9, the study counter DEMO none).
const EDC = "cc_subj_happy";
let sql: postgres.Sql;
let token: string;

const create = (body: unknown, t = token) => post("/edc/subjects/create-subject", body, { token: t, edc: EDC });
const row = async (text: string, params: unknown[] = []) => (await sql.unsafe(text, params as never[]))[0] as Record<string, any>;

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
    env.DB.prepare("insert into study_users (customer_id, study_id, user_id, role_id) values (1, 150, 3, 3)"),
  ]);
  token = await login("api@demo.test");
});

describe("POST /edc/subjects/create-subject", () => {
  it("creates subject + study_subject + ClinCapture audit rows + TrialEdge audit row, and answers 201", async () => {
    const res = await create(
      {
        label: "BOS-100",
        site: "DEMO-S01",
        enrollmentDate: "2024-01-15",
        secondaryLabel: "sec",
        gender: "F",
        dateOfBirth: "1980-05-17",
        personId: "P-100",
      },
      token,
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { study_subject_id: number; label: string; oc_oid: string };
    expect(body).toEqual({ study_subject_id: 21, label: "BOS-100", oc_oid: "SS_BOS100" });

    const ss =
      await row(`select ss.*, s.gender, s.unique_identifier as person_id, s.date_of_birth, s.dob_collected, s.owner_id as subject_owner
      from cc_subj_happy.study_subject ss join cc_subj_happy.subject s using (subject_id) where study_subject_id = 21`);
    expect(ss).toMatchObject({
      label: "BOS-100",
      study_id: 2,
      status_id: 1,
      secondary_label: "sec",
      oc_oid: "SS_BOS100",
      owner_id: 2,
      gender: "f",
      person_id: "P-100",
      dob_collected: true,
      subject_owner: 2,
      dynamic_group_class_id: 0,
    });
    expect(new Date(ss.enrollment_date).toISOString()).toBe("2024-01-15T00:00:00.000Z");
    expect(new Date(ss.date_of_birth).toISOString()).toBe("1980-05-17T00:00:00.000Z");

    const audit = await sql.unsafe(
      `select audit_table, audit_log_event_type_id as type, entity_id, user_id, study_subject_id, study_id
      from cc_subj_happy.audit_log_event where (audit_table = 'study_subject' and entity_id = 21) or (audit_table = 'subject' and entity_id = $1) order by audit_id`,
      [ss.subject_id],
    );
    expect(audit.map((a) => ({ ...a }))).toEqual([
      { audit_table: "subject", type: 5, entity_id: ss.subject_id, user_id: 2, study_subject_id: null, study_id: 2 },
      { audit_table: "study_subject", type: 2, entity_id: 21, user_id: 2, study_subject_id: 21, study_id: 2 },
    ]);

    const trail = await env.DB.prepare(
      "select * from audit_trail where action = 'edc.subject.create' and entity_id = 'cc_subj_happy:21'",
    ).first<Record<string, any>>();
    expect(trail).toMatchObject({ tenant: "customer:1", customer_id: 1, actor: "user:2", entity: "edc.study_subject" });
    expect(trail!.request_id).toBeTruthy();
    expect(JSON.parse(trail!.after_json)).toMatchObject({
      dbname: EDC,
      study_subject_id: 21,
      label: "BOS-100",
      oc_oid: "SS_BOS100",
      site: "DEMO-S01",
      study_id: 2,
    });
  });

  it("auto-labels from the site's counter (<SITE>-<NNN>) and moves the counter on", async () => {
    const first = (await (await create({ site: "DEMO-S01" })).json()) as { label: string; oc_oid: string };
    expect(first.label).toBe("DEMO-S01-012");
    const second = (await (await create({ site: "DEMO-S01" })).json()) as { label: string; oc_oid: string };
    expect(second.label).toBe("DEMO-S01-013");
    expect((await row(`select index from cc_subj_happy.study_subject_id where name = 'DEMO-S01'`)).index).toBe(13);
    // The stem DEMOS010 is taken by the demo subjects: the OID gets a 7-digit suffix from the sequence.
    expect(first.oc_oid).toMatch(/^SS_DEMOS010_\d{7}$/);
    expect(second.oc_oid).toMatch(/^SS_DEMOS010_\d{7}$/);
    expect(second.oc_oid).not.toBe(first.oc_oid);
  });

  it("skips auto labels that someone already took by hand", async () => {
    expect((await create({ site: "DEMO-S01", label: "DEMO-S01-014" })).status).toBe(201);
    const next = (await (await create({ site: "DEMO-S01" })).json()) as { label: string };
    expect(next.label).toBe("DEMO-S01-015");
  });

  it("takes the site by siteId (EDC study_id), and snake_case field names", async () => {
    const res = await create({ site_id: 3, person_id: "P-HAIFA-1", enrollment_date: "2024-02-01" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { study_subject_id: number; label: string };
    expect(body.label).toBe("DEMO-S02-010");
    const ss = await row(
      `select ss.study_id, s.unique_identifier from cc_subj_happy.study_subject ss join cc_subj_happy.subject s using (subject_id) where study_subject_id = $1`,
      [body.study_subject_id],
    );
    expect(ss).toEqual({ study_id: 3, unique_identifier: "P-HAIFA-1" });
  });

  it("without a site, puts the subject on the study itself with the study's counter", async () => {
    const res = await create({});
    expect(res.status).toBe(201);
    const body = (await res.json()) as { study_subject_id: number; label: string; oc_oid: string };
    expect(body.label).toBe("DEMO-001");
    expect(body.oc_oid).toBe("SS_DEMO001");
    expect(
      (await row(`select study_id from cc_subj_happy.study_subject where study_subject_id = $1`, [body.study_subject_id])).study_id,
    ).toBe(1);
  });

  it("reuses the label of a removed subject (only active labels are unique)", async () => {
    // DEMO-S01-004 is removed (status 5) in the demo data.
    const res = await create({ site: "DEMO-S01", label: "DEMO-S01-004" });
    expect(res.status).toBe(201);
  });

  it("gives labels without letters or digits a random OID stem", async () => {
    const res = await create({ site: "DEMO-S02", label: "---" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { oc_oid: string }).oc_oid).toMatch(/^SS_[A-Z0-9]{8}$/);
  });

  it("lets a site user create at their own site, by default", async () => {
    const siteToken = await login("site@demo.test");
    const res = await create({}, siteToken);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { study_subject_id: number; label: string };
    expect(body.label).toMatch(/^DEMO-S01-\d{3}$/);
    expect(
      (await row(`select study_id from cc_subj_happy.study_subject where study_subject_id = $1`, [body.study_subject_id])).study_id,
    ).toBe(2);
  });

  it("serialises concurrent creations: one label, one winner; auto labels never repeat", async () => {
    const same = await Promise.all(Array.from({ length: 4 }, () => create({ site: "DEMO-S02", label: "RACE-1" })));
    expect(same.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const auto = await Promise.all(
      Array.from({ length: 4 }, () => create({ site: "DEMO-S02" }).then((r) => r.json() as Promise<{ label: string; oc_oid: string }>)),
    );
    expect(new Set(auto.map((a) => a.label)).size).toBe(4);
    expect(new Set(auto.map((a) => a.oc_oid)).size).toBe(4);
    const count = await row(`select count(*)::int as n from cc_subj_happy.study_subject where label = 'RACE-1'`);
    expect(count.n).toBe(1);
  });
});

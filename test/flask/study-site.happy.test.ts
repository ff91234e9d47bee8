import { describe, expect, it } from "vitest";
import { ADMIN, count, flaskPost, STUDY, SUBJECT } from "../helpers/flask";

describe("studies, sites and subjects (F5, F6, F8, create-subject)", () => {
  it("F5 creates (201) then upserts by unique_protocolid or id (200), audited", async () => {
    const created = await flaskPost(ADMIN, "/flask/study/create-update-flask-study", {
      brief_title: "New Trial",
      unique_protocolid: "DEMO-003",
      sponsor: "Acme",
      pro_enabled: true,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      brief_title: "New Trial",
      unique_protocolid: "DEMO-003",
      customer_id: 1,
      pro_enabled: true,
      status_id: 1,
    });
    const id = created.json.id;
    const byKey = await flaskPost(ADMIN, "/flask/study/create-update-flask-study", { unique_protocolid: "DEMO-003", sponsor: "Acme 2" });
    expect(byKey.status).toBe(200);
    expect(byKey.json).toMatchObject({ id, sponsor: "Acme 2", brief_title: "New Trial" });
    const byId = await flaskPost(STUDY, "/flask/study/create-update-flask-study", { id: 101, official_title: "Demo Study (amended)" });
    expect(byId.status).toBe(200);
    expect(byId.json.official_title).toBe("Demo Study (amended)");
    expect(await count("select count(*) n from audit_trail where action in ('study.create','study.update') and customer_id = 1")).toBe(3);
  });

  it("F6 creates a site of a study and updates it by (study_id, unique_identifier)", async () => {
    const created = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: 101,
      name: "Site 03 Lyon",
      unique_identifier: "DEMO-S03",
      starting_subject_id: 24,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ study_id: 101, customer_id: 1, unique_identifier: "DEMO-S03", starting_subject_id: 24 });
    const updated = await flaskPost(STUDY, "/flask/site/create-update-flask-site", {
      study_id: 101,
      unique_identifier: "DEMO-S03",
      pi_name: "Dr Who",
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: created.json.id, pi_name: "Dr Who", name: "Site 03 Lyon" });
  });

  it("create-subject calculates labels per §3.6: site prefix + NNN, per-site numerator from the starting subject id", async () => {
    const a = await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: 1001 });
    expect(a.status).toBe(201);
    expect(a.json.label).toBe("DEMO-S01-005");
    const b = await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: 1002 });
    expect(b.json.label).toBe("DEMO-S02-004");
    const site = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: 101,
      name: "Sheba",
      unique_identifier: "SHEBA",
      starting_subject_id: 24,
    });
    const c = await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: site.json.id });
    expect(c.json.label).toBe("SHEBA-024");
    const d = await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: site.json.id });
    expect(d.json.label).toBe("SHEBA-025");
    const study = await flaskPost(ADMIN, "/flask/study/create-update-flask-study", {
      brief_title: "Study-prefixed",
      unique_protocolid: "SP",
      subject_prefix_type: "study",
      subject_prefix_mask: "NNNN",
    });
    const s1 = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: study.json.id,
      name: "A",
      unique_identifier: "A",
    });
    const s2 = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: study.json.id,
      name: "B",
      unique_identifier: "B",
    });
    expect((await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: study.json.id, site_id: s1.json.id })).json.label).toBe(
      "SP-0001",
    );
    expect((await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: study.json.id, site_id: s2.json.id })).json.label).toBe(
      "SP-0002",
    );
  });

  it("concurrent create-subject calls at one site all succeed, each with the next label of the site's numerator", async () => {
    const site = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: 101,
      name: "Rush",
      unique_identifier: "RUSH",
      starting_subject_id: 1,
    });
    const created = await Promise.all(
      Array.from({ length: 6 }, () => flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: site.json.id })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(created.map((r) => r.json.label).sort()).toEqual(["RUSH-001", "RUSH-002", "RUSH-003", "RUSH-004", "RUSH-005", "RUSH-006"]);
    expect(
      await count(
        "select count(*) n from audit_trail where action = 'subject.create' and entity_id in (" +
          created.map((r) => `'${r.json.id}'`).join(",") +
          ")",
      ),
    ).toBe(6);
  });

  it("an automatic label passes over numbers already held by subjects created with a label of their own", async () => {
    const site = await flaskPost(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: 101,
      name: "Held",
      unique_identifier: "HELD",
      starting_subject_id: 1,
    });
    const chosen = (label: string) => flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: site.json.id, label });
    expect((await chosen("HELD-002")).status).toBe(201);
    expect((await chosen("HELD-003")).status).toBe(201);
    const auto = () => flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: site.json.id });
    const labels = [];
    for (let i = 0; i < 3; i++) labels.push((await auto()).json.label);
    expect(labels).toEqual(["HELD-001", "HELD-004", "HELD-005"]);
    expect((await chosen("HELD-004")).status).toBe(409);
  });

  it("F8 lists a subject's studies; a subject may ask for itself", async () => {
    const admin = await flaskPost(ADMIN, "/flask/study/subject-studies", { subject_id: 5 });
    expect(admin.status).toBe(200);
    expect(admin.json).toEqual([
      expect.objectContaining({ study_id: 101, unique_protocolid: "DEMO-001", status: "active", status_id: 1, study_status_id: 1 }),
    ]);
    const self = await flaskPost(SUBJECT, "/flask/study/subject-studies", { subject_id: 5 });
    expect(self.json.map((s: any) => s.study_id)).toEqual([101]);
  });
});

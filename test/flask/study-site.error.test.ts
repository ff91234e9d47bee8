import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, count, flaskPost, OTHER_API, SITE, STUDY, SUBJECT } from "../helpers/flask";

describe("studies, sites and subjects: bad input", () => {
  it("updates of a closed study are 409 and change nothing (its sites and subjects too)", async () => {
    await env.DB.prepare("update studies set status_id = 2 where id = 102").run();
    const before = await env.DB.prepare("select * from studies where id = 102").first();
    const r = await flaskPost(ADMIN, "/flask/study/create-update-flask-study", { id: 102, brief_title: "Changed" });
    expect(r.status).toBe(409);
    expect(r.json.error).toBe("study_closed");
    expect(await env.DB.prepare("select * from studies where id = 102").first()).toEqual(before);
    expect(
      (await flaskPost(ADMIN, "/flask/site/create-update-flask-site", { study_id: 102, name: "X", unique_identifier: "X" })).status,
    ).toBe(409);
    expect((await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 102, site_id: 1003 })).status).toBe(409);
  });

  it("another customer's study or site id is 404 (never its data)", async () => {
    const s = await flaskPost(OTHER_API, "/flask/study/create-update-flask-study", { id: 101, brief_title: "Hijack" });
    expect(s.status).toBe(404);
    expect(s.text).not.toContain("Demo");
    expect((await flaskPost(OTHER_API, "/flask/site/create-update-flask-site", { id: 1001, name: "Hijack" })).status).toBe(404);
    expect(
      (await flaskPost(OTHER_API, "/flask/site/create-update-flask-site", { study_id: 101, name: "X", unique_identifier: "X" })).status,
    ).toBe(404);
    expect((await flaskPost(OTHER_API, "/flask/study/subject-studies", { subject_id: 5 })).status).toBe(404);
    expect(await count("select count(*) n from studies where brief_title = 'Hijack'")).toBe(0);
  });

  it("an EDC dbname of another customer cannot be claimed (it would open that EDC database)", async () => {
    const r = await flaskPost(OTHER_API, "/flask/study/create-update-flask-study", {
      brief_title: "Grab",
      unique_protocolid: "GRAB",
      dbname: "cc_demo",
    });
    expect(r.status).toBe(409);
    expect(await count("select count(*) n from studies where unique_protocolid = 'GRAB'")).toBe(0);
  });

  it("roles: study role may not create studies, site and subject roles may not write studies or sites", async () => {
    expect((await flaskPost(STUDY, "/flask/study/create-update-flask-study", { brief_title: "T", unique_protocolid: "T1" })).status).toBe(
      403,
    );
    expect((await flaskPost(STUDY, "/flask/study/create-update-flask-study", { id: 102, brief_title: "T" })).status).toBe(403);
    expect((await flaskPost(SITE, "/flask/site/create-update-flask-site", { id: 1001, name: "T" })).status).toBe(403);
    expect((await flaskPost(SUBJECT, "/flask/study/create-update-flask-study", { id: 101, brief_title: "T" })).status).toBe(403);
    expect((await flaskPost(SUBJECT, "/flask/study/subject-studies", { subject_id: 4 })).status).toBe(403);
  });

  it("validation: missing fields for a create, unknown fields, non-ISO dates, duplicate labels", async () => {
    expect((await flaskPost(ADMIN, "/flask/study/create-update-flask-study", { brief_title: "No protocol" })).status).toBe(400);
    expect((await flaskPost(ADMIN, "/flask/study/create-update-flask-study", { id: 101, customer_id: 2 })).status).toBe(400);
    expect((await flaskPost(ADMIN, "/flask/study/create-update-flask-study", { id: 101, start_date: "March 3rd" })).status).toBe(400);
    expect((await flaskPost(ADMIN, "/flask/site/create-update-flask-site", { name: "No study", unique_identifier: "NS" })).status).toBe(
      400,
    );
    const dup = await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: 1001, label: "DEMO-S01-001" });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toBe("duplicate_label");
    const wrongSite = await flaskPost(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: 1003 });
    expect(wrongSite.status).toBe(400);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, count, flaskPost, rows, STUDY } from "../helpers/flask";

const F7 = "/flask/study/create-update-flask-study-users";

describe("create-update-flask-study-users (F7)", () => {
  it("creates missing users, keeps existing ones, and replaces the study's assignments", async () => {
    const usersBefore = await count("select count(*) n from users");
    const r = await flaskPost(ADMIN, F7, {
      study_id: 101,
      users: [
        { email: "study@demo.test", role: 3 },
        { email: "New.CRC@demo.test", first_name: "Nia", last_name: "Crc", role: 4, site_ids: [1002] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.json.study_id).toBe(101);
    expect(r.json.users).toEqual([
      { id: 3, email: "study@demo.test", created: false },
      { id: expect.any(Number), email: "new.crc@demo.test", created: true },
    ]);
    expect(await count("select count(*) n from users")).toBe(usersBefore + 1);
    const assigned = await rows<{ user_id: number }>("select user_id from study_users where study_id = 101 order by user_id");
    expect(assigned.map((a) => a.user_id)).toEqual([3, r.json.users[1].id]);
    const siteAssigned = await rows<{ site_id: number; user_id: number }>(
      "select site_id, user_id from site_users where site_id in (1001, 1002) order by site_id",
    );
    expect(siteAssigned).toEqual([{ site_id: 1002, user_id: r.json.users[1].id }]);
    // Users are never deleted: the site and subject users are unassigned, not removed.
    expect(await count("select count(*) n from users where id in (4, 5)")).toBe(2);
    expect(await count("select count(*) n from audit_trail where action = 'study_users.replace' and entity_id = '101'")).toBe(1);
    expect(
      await count("select count(*) n from audit_trail where action = 'user.create' and entity_id = ?", String(r.json.users[1].id)),
    ).toBe(1);
  });

  it("an assignment the new list keeps keeps its date_created (billing counts users by it)", async () => {
    await env.DB.prepare("update study_users set date_created = '2026-02-01T00:00:00.000Z' where study_id = 101 and user_id = 3").run();
    const r = await flaskPost(ADMIN, F7, {
      study_id: 101,
      users: [
        { email: "study@demo.test", role: 3 },
        { email: "site@demo.test", role: 4, site_ids: [1001] },
      ],
    });
    expect(r.status).toBe(200);
    const assigned = await rows<{ user_id: number; date_created: string }>(
      "select user_id, date_created from study_users where study_id = 101 order by user_id",
    );
    expect(assigned[0]).toEqual({ user_id: 3, date_created: "2026-02-01T00:00:00.000Z" });
    expect(assigned[1]!.user_id).toBe(4);
    expect(Date.parse(assigned[1]!.date_created)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("an empty list removes every study and site assignment of the study, and no user", async () => {
    const setup = await flaskPost(ADMIN, F7, {
      study_id: 102,
      users: [
        { email: "reg.one@demo.test", role: 4, site_ids: [1003, 1004] },
        { email: "study@demo.test", role: 3 },
      ],
    });
    expect(setup.status).toBe(200);
    expect(await count("select count(*) n from study_users where study_id = 102")).toBe(2);
    expect(await count("select count(*) n from site_users where site_id in (1003, 1004)")).toBe(2);
    const users = await count("select count(*) n from users");

    const r = await flaskPost(ADMIN, F7, { study_id: 102, users: [] });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ study_id: 102, users: [] });
    expect(await count("select count(*) n from study_users where study_id = 102")).toBe(0);
    expect(await count("select count(*) n from site_users where site_id in (1003, 1004)")).toBe(0);
    expect(await count("select count(*) n from users")).toBe(users);
    // Study 101's assignments are untouched.
    expect(await count("select count(*) n from study_users where study_id = 101")).toBeGreaterThan(0);
  });

  it("lists beyond D1's 100 bound parameters: 150 users (created, then found again) over 120 sites", async () => {
    // 120 more sites of study 102, so that the study's site list is longer than 100 too.
    const site = env.DB.prepare("insert into sites (id, customer_id, study_id, name, unique_identifier) values (?, 1, 102, ?, ?)");
    await env.DB.batch(Array.from({ length: 120 }, (_, i) => site.bind(5000 + i, `Bulk site ${i}`, `BULK-${i}`)));
    const list = Array.from({ length: 150 }, (_, i) => ({ email: `bulk${i}@demo.test`, role: 4, site_ids: [5000 + (i % 120)] }));

    const first = await flaskPost(ADMIN, F7, { study_id: 102, users: list });
    expect(first.status, first.text).toBe(200);
    expect(first.json.users).toHaveLength(150);
    expect(first.json.users.every((u: any) => u.created)).toBe(true);
    expect(await count("select count(*) n from study_users where study_id = 102")).toBe(150);
    expect(await count("select count(*) n from site_users where site_id >= 5000")).toBe(150);

    // Again, with the sites moved on by one: every user is found (150 emails looked up), the 150 site rows replaced.
    const again = await flaskPost(ADMIN, F7, { study_id: 102, users: list.map((u, i) => ({ ...u, site_ids: [5000 + ((i + 1) % 120)] })) });
    expect(again.status, again.text).toBe(200);
    expect(again.json.users.map((u: any) => u.id)).toEqual(first.json.users.map((u: any) => u.id));
    expect(again.json.users.some((u: any) => u.created)).toBe(false);
    expect(await count("select count(*) n from users where email like 'bulk%@demo.test'")).toBe(150);
    expect(await count("select count(*) n from study_users where study_id = 102")).toBe(150);
    const sites = await rows<{ site_id: number }>(
      "select s.site_id from site_users s join users u on u.id = s.user_id where u.email = 'bulk0@demo.test'",
    );
    expect(sites).toEqual([{ site_id: 5001 }]);
    expect(await count("select count(*) n from site_users where site_id >= 5000")).toBe(150);
  });

  it("a customer admin changes an existing user's roles: audited, and the user's scope follows at once", async () => {
    // The study user works on study 101 with a warm (KV-cached) session.
    expect((await flaskPost(STUDY, F7, { study_id: 101, users: [{ email: "study@demo.test" }] })).status).toBe(200);
    const r = await flaskPost(ADMIN, F7, { study_id: 101, users: [{ email: "study@demo.test", role: 4, edc_role: 5, site_ids: [1001] }] });
    expect(r.status).toBe(200);
    expect(r.json.users).toEqual([{ id: 3, email: "study@demo.test", created: false }]);
    expect(await rows("select role_id, edc_role_id from users where id = 3")).toEqual([{ role_id: 4, edc_role_id: 5 }]);
    const audit = await rows<{ before_json: string; after_json: string }>(
      "select before_json, after_json from audit_trail where action = 'user.roles.update' and entity_id = '3'",
    );
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json)).toEqual({ roleId: 3, edcRoleId: 2 });
    expect(JSON.parse(audit[0]!.after_json)).toEqual({ roleId: 4, edcRoleId: 5 });
    // Its next request already has the site role, which may not assign users.
    const after = await flaskPost(STUDY, F7, { study_id: 101, users: [{ email: "study@demo.test" }] });
    expect(after.status).toBe(403);
    expect(after.json.error).toBe("role_forbidden");
  });
});

import { describe, expect, it } from "vitest";
import { ADMIN, count, flaskPost, rows } from "../helpers/flask";

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
    const siteAssigned = await rows<{ site_id: number; user_id: number }>("select site_id, user_id from site_users where site_id in (1001, 1002) order by site_id");
    expect(siteAssigned).toEqual([{ site_id: 1002, user_id: r.json.users[1].id }]);
    // Users are never deleted: the site and subject users are unassigned, not removed.
    expect(await count("select count(*) n from users where id in (4, 5)")).toBe(2);
    expect(await count("select count(*) n from audit_trail where action = 'study_users.replace' and entity_id = '101'")).toBe(1);
    expect(await count("select count(*) n from audit_trail where action = 'user.create' and entity_id = ?", String(r.json.users[1].id))).toBe(1);
  });

  it("an empty list removes every assignment of the study", async () => {
    const r = await flaskPost(ADMIN, F7, { study_id: 102, users: [] });
    expect(r.status).toBe(200);
    expect(await count("select count(*) n from study_users where study_id = 102")).toBe(0);
  });
});

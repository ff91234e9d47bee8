import { describe, expect, it } from "vitest";
import { ADMIN, flaskPost, OTHER_API, rows, SITE, STUDY } from "../helpers/flask";

const F7 = "/flask/study/create-update-flask-study-users";

async function state() {
  return {
    study: await rows("select study_id, user_id, role_id from study_users order by id"),
    site: await rows("select site_id, user_id from site_users order by id"),
    users: await rows("select id, email, role_id, edc_role_id from users order by id"),
  };
}

describe("create-update-flask-study-users (F7): bad input changes nothing", () => {
  it("malformed user lists: 400 and assignments before = after", async () => {
    const before = await state();
    for (const users of [
      [{ email: "not-an-email" }],
      [{ email: "ok@demo.test" }, { first_name: "no email" }],
      [{ email: "dup@demo.test" }, { email: "dup@demo.test" }],
      [{ email: "ok@demo.test", role: 9 }],
      [{ email: "ok@demo.test", site_ids: [1003] }], // a site of another study
      [{ email: "ok@demo.test", site_ids: ["1001"] }],
      [{ email: "ok@demo.test", unknown: 1 }],
      "not a list",
    ]) {
      const r = await flaskPost(ADMIN, F7, { study_id: 101, users });
      expect(r.status, JSON.stringify(users)).toBe(400);
    }
    expect(await state()).toEqual(before);
  });

  it("an email of another customer's user: a neutral 409 that does not say where the email is used, nothing changed", async () => {
    const before = await state();
    const r = await flaskPost(ADMIN, F7, { study_id: 101, users: [{ email: "new@demo.test" }, { email: "API@other.test" }] });
    expect(r.status).toBe(409);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.json.error).toBe("email_unassignable");
    expect(r.json.detail).toBe("1 of the emails cannot be assigned to this study; nothing was changed.");
    expect(r.json.errors).toEqual([{ path: "/users/1/email", message: "this email cannot be assigned to this study" }]);
    expect(r.text).not.toMatch(/other|account|customer|tenant|exist|belong|Pharma/i);
    expect(await state()).toEqual(before);
  });

  it("another customer's study is 404; site role 403; study role cannot grant role 2", async () => {
    const before = await state();
    const other = await flaskPost(OTHER_API, F7, { study_id: 101, users: [] });
    expect(other.status).toBe(404);
    expect((await flaskPost(SITE, F7, { study_id: 101, users: [] })).status).toBe(403);
    expect((await flaskPost(STUDY, F7, { study_id: 102, users: [] })).status).toBe(403);
    expect((await flaskPost(STUDY, F7, { study_id: 101, users: [{ email: "boss@demo.test", role: 2 }] })).status).toBe(400);
    expect(await state()).toEqual(before);
  });

  it("a study role cannot change an existing user's roles: 403 role_change_forbidden, nothing changed", async () => {
    const before = await state();
    for (const change of [{ role: 3 }, { edc_role: 2 }]) {
      const r = await flaskPost(STUDY, F7, {
        study_id: 101,
        users: [{ email: "study@demo.test" }, { email: "site@demo.test", site_ids: [1001], ...change }],
      });
      expect(r.status, JSON.stringify(change)).toBe(403);
      expect(r.json.error).toBe("role_change_forbidden");
      expect(r.json.detail).toContain("/users/1");
    }
    // Naming the role the user already has is no change.
    expect(
      (
        await flaskPost(STUDY, F7, {
          study_id: 101,
          users: [
            { email: "study@demo.test", role: 3 },
            { email: "site@demo.test", role: 4, site_ids: [1001] },
          ],
        })
      ).status,
    ).toBe(200);
    expect((await state()).users).toEqual(before.users);
  });
});

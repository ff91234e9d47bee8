import { describe, expect, it } from "vitest";
import { farTrips } from "../helpers/far-trips";
import { ADMIN, flaskPost, STUDY, tokenOf } from "../helpers/flask";

/**
 * Issue 10, goal 2: a write waits on at most two far round trips in sequence (the scope with every row
 * its checks and plan need, then the write with its audit rows), counted per request by far-trips.ts;
 * the rate limiter's call runs beside the first.
 */
async function trips(email: string, path: string, body: unknown) {
  const headers = { authorization: await tokenOf(email), "content-type": "application/json" };
  return farTrips("POST", path, headers, JSON.stringify(body));
}

describe("Flask create-update writes: at most 2 far round trips in sequence", () => {
  it("create-update-flask-study: create (201) and update (200)", async () => {
    await flaskPost(ADMIN, "/flask/study/subject-studies", { subject_id: 1 }); // warm the session cache
    const created = await trips(ADMIN, "/flask/study/create-update-flask-study", {
      brief_title: "Trips Trial",
      unique_protocolid: "TRIPS-001",
      pi_user_id: 1,
      dbname: "trips_db",
    });
    expect(created.status, created.body).toBe(201);
    expect(created.trips).toBeLessThanOrEqual(2);
    expect(created.d1).toBe(2);
    const updated = await trips(STUDY, "/flask/study/create-update-flask-study", { id: 101, sponsor: "Trips Sponsor" });
    expect(updated.status, updated.body).toBe(200);
    expect(JSON.parse(updated.body).sponsor).toBe("Trips Sponsor");
    expect(updated.trips).toBeLessThanOrEqual(2);
    expect(updated.d1).toBe(2);
  });

  it("create-update-flask-site: create (201), update by key and by id (200)", async () => {
    const created = await trips(ADMIN, "/flask/site/create-update-flask-site", {
      study_id: 101,
      name: "Trips Site",
      unique_identifier: "TRIPS-S1",
    });
    expect(created.status, created.body).toBe(201);
    expect(created.trips).toBeLessThanOrEqual(2);
    expect(created.d1).toBe(2);
    const id = JSON.parse(created.body).id as number;
    const byKey = await trips(STUDY, "/flask/site/create-update-flask-site", {
      study_id: 101,
      unique_identifier: "TRIPS-S1",
      pi_name: "Dr Far",
    });
    expect(byKey.status, byKey.body).toBe(200);
    expect(JSON.parse(byKey.body)).toMatchObject({ id, pi_name: "Dr Far", name: "Trips Site" });
    expect(byKey.trips).toBeLessThanOrEqual(2);
    const byId = await trips(ADMIN, "/flask/site/create-update-flask-site", { id, unique_identifier: "TRIPS-S2" });
    expect(byId.status, byId.body).toBe(200);
    expect(JSON.parse(byId.body).unique_identifier).toBe("TRIPS-S2");
    expect(byId.trips).toBeLessThanOrEqual(2);
    expect(byId.d1).toBe(2);
  });

  it("create-update-flask-study-users: new and existing users with site assignments", async () => {
    const r = await trips(ADMIN, "/flask/study/create-update-flask-study-users", {
      study_id: 101,
      users: [
        { email: "study@demo.test", role: 3 },
        { email: "site@demo.test", role: 4, site_ids: [1001] },
        { email: "trips.new@demo.test", first_name: "Far", last_name: "Away", role: 4, site_ids: [1002] },
      ],
    });
    expect(r.status, r.body).toBe(200);
    expect(JSON.parse(r.body).users.map((u: { created: boolean }) => u.created)).toEqual([false, false, true]);
    expect(r.trips).toBeLessThanOrEqual(2);
    expect(r.d1).toBe(2);
  });

  it("create-subject: automatic and chosen labels", async () => {
    const auto = await trips(ADMIN, "/flask/subject/create-subject", { study_id: 101, site_id: 1001 });
    expect(auto.status, auto.body).toBe(201);
    expect(JSON.parse(auto.body).label).toMatch(/^DEMO-S01-\d{3}$/);
    expect(auto.trips).toBeLessThanOrEqual(2);
    expect(auto.d1).toBe(2);
    const chosen = await trips(STUDY, "/flask/subject/create-subject", { study_id: 101, site_id: 1002, label: "TRIPS-X1" });
    expect(chosen.status, chosen.body).toBe(201);
    expect(chosen.trips).toBeLessThanOrEqual(2);
    expect(chosen.d1).toBe(2);
  });
});

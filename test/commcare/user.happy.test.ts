import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, ccJson } from "../helpers/commcare";
import { BASE } from "../helpers/http";

const SCHEMES = ["/a/demo/api/v0.5/user/", "/a/demo/api/user/v1/"];
const [w1, w2, w3] = CC_DEMO.workers;
const { denver, colorado, southPark } = CC_DEMO.locations;
const g = CC_DEMO.groups;

describe.each(SCHEMES)("mobile workers at %s", (list) => {
  it("lists the active workers by username with HQ's fields, user_data and groups", async () => {
    const body = await ccJson(list);
    expect(body.meta).toEqual({ limit: 20, next: null, offset: 0, previous: null, total_count: 3 });
    expect(body.objects.map((u: any) => u.username)).toEqual([w1!.username, w2!.username, w3!.username]);
    expect(body.objects[0]).toEqual({
      default_phone_number: w1!.phone,
      email: "",
      first_name: w1!.first,
      groups: [g.denverTeam.uuid],
      id: w1!.uuid,
      is_active: true,
      last_name: w1!.last,
      locations: [denver.locationId, colorado.locationId],
      phone_numbers: [w1!.phone],
      primary_location: denver.locationId,
      resource_uri: `${BASE}${list}${w1!.uuid}/`,
      user_data: {
        cadre: "CHW",
        clinic: "Denver Clinic",
        commcare_location_id: denver.locationId,
        commcare_location_ids: `${denver.locationId} ${colorado.locationId}`,
        commcare_primary_case_sharing_id: denver.locationId,
        commcare_project: "demo",
      },
      username: w1!.username,
    });
    // South Park is a county: its type does not share cases, so no case-sharing id.
    expect(body.objects[1].user_data).toEqual({
      cadre: "CHW",
      clinic: "South Park Post",
      commcare_location_id: southPark.locationId,
      commcare_location_ids: southPark.locationId,
      commcare_project: "demo",
    });
    expect(body.objects[2].groups).toEqual([g.denverTeam.uuid, g.supervisors.uuid]);
  });

  it("serves one worker by id, the same object as in the list", async () => {
    const listed = (await ccJson(list)).objects[1];
    expect(await ccJson(`${list}${w2!.uuid}/`)).toEqual(listed);
  });

  it("archived=true lists only archived workers; their detail is served too", async () => {
    const body = await ccJson(`${list}?archived=true`);
    expect(body.objects.map((u: any) => [u.username, u.is_active])).toEqual([[CC_DEMO.archivedWorker.username, false]]);
    expect((await ccJson(`${list}${CC_DEMO.archivedWorker.uuid}/`)).is_active).toBe(false);
    expect((await ccJson(`${list}?archived=false`)).meta.total_count).toBe(3);
  });

  it("group=<id> lists the group's active members", async () => {
    const body = await ccJson(`${list}?group=${g.denverTeam.uuid}`);
    expect(body.objects.map((u: any) => u.id)).toEqual([w1!.uuid, w3!.uuid]);
    expect(body.meta.total_count).toBe(2);
  });

  it("username= finds one worker, by full or raw username, any case", async () => {
    for (const q of [w2!.username, "WORKER2"]) {
      const body = await ccJson(`${list}?username=${encodeURIComponent(q)}`);
      expect(
        body.objects.map((u: any) => u.id),
        q,
      ).toEqual([w2!.uuid]);
    }
  });

  it("pages by limit/offset with next/previous links, and by cursor to the same rows", async () => {
    const first = await ccJson(`${list}?limit=2`);
    expect(first.meta).toEqual({ limit: 2, next: `${list}?limit=2&offset=2`, offset: 0, previous: null, total_count: 3 });
    const second = await ccJson(first.meta.next);
    expect(second.objects.map((u: any) => u.id)).toEqual([w3!.uuid]);
    const c1 = await ccJson(`${list}?limit=2&cursor=`);
    expect(c1.meta.offset).toBeNull();
    const c2 = await ccJson(c1.meta.next);
    expect([...c1.objects, ...c2.objects].map((u: any) => u.id)).toEqual([w1!.uuid, w2!.uuid, w3!.uuid]);
    expect(c2.meta.next).toBeNull();
  });

  it("answers XML with format=xml, the id as an attribute", async () => {
    const res = await ccGet(`${list}${w1!.uuid}/?format=xml`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`<object id="${w1!.uuid}">`);
    expect(text).toContain(`<commcare_location_id>${denver.locationId}</commcare_location_id>`);
  });
});

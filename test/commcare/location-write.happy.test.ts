import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ccCall, ccJson } from "../helpers/commcare";

const COLORADO = "10c0000000000000000000000000c010";
const DENVER = "10c0000000000000000000000000d3e0";
const LIST = "/a/demo/api/v0.6/location/";

describe("location v0.6 writes (§3.7)", () => {
  it("POST → 201, the new location, Location header, generated site code; lat/long echoed as str(Decimal)", async () => {
    const res = await ccCall("POST", LIST, {
      name: "Boulder",
      location_type_code: "city",
      parent_location_id: COLORADO,
      latitude: 31.1234,
      longitude: "31.41",
      location_data: { region: "north" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(Object.keys(body)).toEqual([
      "domain",
      "last_modified",
      "latitude",
      "location_data",
      "location_id",
      "location_type_code",
      "location_type_name",
      "longitude",
      "name",
      "parent_location_id",
      "site_code",
    ]);
    expect(body).toMatchObject({
      domain: "demo",
      name: "Boulder",
      site_code: "boulder",
      location_type_code: "city",
      location_type_name: "City",
      parent_location_id: COLORADO,
      latitude: "31.123400000000000176214598468504846096038818359375",
      longitude: "31.41",
      location_data: { region: "north" },
    });
    expect(body.location_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get("location")).toBe(`https://trialedge.test${LIST}${body.location_id}/`);
    const stored = await ccJson(`${LIST}${body.location_id}/`);
    expect(stored).toMatchObject({ latitude: "31.1234000000", longitude: "31.4100000000", site_code: "boulder" });
    const audit = await env.DB.prepare("select actor, action from audit_trail where tenant = 'domain:demo' and entity_id = ?")
      .bind(body.location_id)
      .first();
    expect(audit).toEqual({ actor: "ccuser:1", action: "location.create" });
  });

  it("site codes count up on clashes; the type may be named by name", async () => {
    const a = (await (
      await ccCall("POST", LIST, { name: "Aurora 2", location_type_code: "City", parent_location_id: COLORADO })
    ).json()) as any;
    expect(a.site_code).toBe("aurora2");
    const b = (await (await ccCall("POST", LIST, { name: "Aurora 2", location_type_code: "State" })).json()) as any;
    expect(b.site_code).toBe("aurora3");
  });

  it("PUT → 200: partial update; a rename regenerates the site code (Q10); explicit site codes are lower-cased", async () => {
    const created = (await (await ccCall("POST", LIST, { name: "Pueblo", location_type_code: "state" })).json()) as any;
    const renamed = await ccCall("PUT", `${LIST}${created.location_id}/`, { name: "Pueblo West" });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({
      name: "Pueblo West",
      site_code: "pueblo_west",
      location_type_code: "state",
      parent_location_id: "",
    });
    const coded = (await (await ccCall("PUT", `${LIST}${created.location_id}/`, { site_code: "PW-01", latitude: null })).json()) as any;
    expect(coded).toMatchObject({ site_code: "pw-01", name: "Pueblo West", latitude: null });
    const moved = (await (
      await ccCall("PUT", `${LIST}${created.location_id}/`, { parent_location_id: COLORADO, location_type_code: "county" })
    ).json()) as any;
    expect(moved).toMatchObject({ parent_location_id: COLORADO, location_type_code: "county" });
    expect(Date.parse(`${moved.last_modified}Z`)).toBeGreaterThan(Date.parse("2026-01-01"));
  });

  it("PATCH → 202 with the location_ids in request order: creates and updates in one go", async () => {
    const res = await ccCall("PATCH", LIST, {
      objects: [
        { name: "Golden", location_type_code: "city", parent_location_id: COLORADO },
        { location_id: DENVER, location_data: { population: "716,000" } },
        { name: "Lakewood", location_type_code: "city", parent_location_id: COLORADO, site_code: "lakewood" },
      ],
    });
    expect(res.status).toBe(202);
    const ids = (await res.json()) as string[];
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(DENVER);
    expect((await ccJson(`${LIST}${ids[0]}/`)).name).toBe("Golden");
    expect((await ccJson(`${LIST}${DENVER}/`)).location_data).toEqual({ population: "716,000" });
    expect((await ccJson(`${LIST}${ids[2]}/`)).site_code).toBe("lakewood");
    const empty = await ccCall("PATCH", LIST, { objects: [] });
    expect(empty.status).toBe(202);
    expect(await empty.json()).toEqual([]);
  });

  it("later PATCH items see earlier ones (a duplicate name in the same batch fails)", async () => {
    const res = await ccCall("PATCH", LIST, {
      objects: [
        { name: "Twin", location_type_code: "state" },
        { name: "Twin", location_type_code: "state" },
      ],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Location with same name and parent already exists." });
    expect((await ccJson(`${LIST}?name=Twin`)).meta.total_count).toBe(0);
  });
});

describe("concurrent location creates", () => {
  it("two creates with the same site code at once: one 201, one 400 with step 3's message (never a 500)", async () => {
    const [a, b] = await Promise.all([
      ccCall("POST", LIST, { name: "Race A", location_type_code: "state", site_code: "race-code" }),
      ccCall("POST", LIST, { name: "Race B", location_type_code: "state", site_code: "RACE-CODE" }),
    ]);
    const answers = await Promise.all([a, b].map(async (res) => ({ status: res.status, body: (await res.json()) as any })));
    expect(answers.map((x) => x.status).sort()).toEqual([201, 400]);
    expect(answers.find((x) => x.status === 400)!.body).toEqual({ error: "another location already uses this site code" });
    expect((await ccJson(`${LIST}?site_code=race-code`)).meta.total_count).toBe(1);
  });

  it("many creates at once all succeed with distinct random ids; generated codes do not clash", async () => {
    const bodies = [
      { name: "Spring", location_type_code: "state" },
      { name: "Spring", location_type_code: "city", parent_location_id: COLORADO },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `Parallel ${i}`, location_type_code: "state" })),
    ];
    const responses = await Promise.all(bodies.map((b) => ccCall("POST", LIST, b)));
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 201));
    const created = (await Promise.all(responses.map((r) => r.json()))) as any[];
    expect(
      created
        .slice(0, 2)
        .map((c) => c.site_code)
        .sort(),
    ).toEqual(["spring", "spring1"]);
    const rows = await env.DB.prepare(`select id from cc_locations where location_id in (${created.map(() => "?").join(",")})`)
      .bind(...created.map((c) => c.location_id))
      .all<{ id: number }>();
    const ids = rows.results.map((r) => r.id);
    expect(new Set(ids).size).toBe(bodies.length);
    // not max(id)+1: random 48-bit integers
    expect(ids.every((id) => Number.isSafeInteger(id) && id > 0 && id <= 2 ** 48)).toBe(true);
    expect(ids.some((id) => id > 1_000_000)).toBe(true);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/http";
import { apiKeyHeader, ccCall, ccError, dumpLocations } from "../helpers/commcare";

const COLORADO = "10c0000000000000000000000000c010";
const DENVER = "10c0000000000000000000000000d3e0";
const SOUTH_PARK = "10c000000000000000000000000050a0";
const OTHER_LOC = "20c00000000000000000000000000001";
const LIST = "/a/demo/api/v0.6/location/";

const post = (body: unknown) => ccCall("POST", LIST, body);
const put = (id: string, body: unknown) => ccCall("PUT", `${LIST}${id}/`, body);

describe("location v0.6 write errors (§3.7): every message, nothing stored", () => {
  it("answers each validation step's message in order", async () => {
    const before = await dumpLocations();
    const cases: [Promise<Response>, string][] = [
      [post({ name: "X" }), "'name' and 'location_type_code' are required fields when creating a new location."],
      [
        post({ location_type_code: "state", site_code: "abc" }),
        "'name' and 'location_type_code' are required fields when creating a new location. Location site code: abc.",
      ],
      [put("nope", { name: "X" }), "Could not update: could not find location with given ID nope on the domain."],
      [
        put("nope", { name: "X", site_code: "x1" }),
        "Could not update: could not find location with given ID nope on the domain. Location site code: x1.",
      ],
      [post({ name: "X", location_type_code: "city", parent_location_id: "nope" }), "Could not find parent location with the given ID."],
      [
        post({ name: "X", location_type_code: "city", parent_location_id: OTHER_LOC, site_code: "q" }),
        "Could not find parent location with the given ID. Location site code: q.",
      ],
      [put(COLORADO, { parent_location_id: "" }), "Could not find parent location with the given ID."],
      [put(SOUTH_PARK, { parent_location_id: DENVER }), "The selected parent location cannot have child locations!"],
      [put(COLORADO, { parent_location_id: COLORADO }), "Parent cannot have children of this location's type."],
      [
        post({ name: "Denver", location_type_code: "city", parent_location_id: COLORADO }),
        "Location with same name and parent already exists.",
      ],
      [
        post({ name: "Colorado", location_type_code: "state", site_code: "co2" }),
        "Location with same name and parent already exists. Location site code: co2.",
      ],
      [put(SOUTH_PARK, { name: "Colorado" }), "Location with same name and parent already exists."],
      [
        post({ name: "Y", location_type_code: "state", site_code: "has space" }),
        "The site code cannot contain spaces or special characters.",
      ],
      [post({ name: "Y", location_type_code: "state", site_code: "a$b" }), "The site code cannot contain spaces or special characters."],
      [
        post({ name: "Y", location_type_code: "state", site_code: "cafe\u0301" }),
        "The site code cannot contain spaces or special characters.",
      ], // a combining mark: not \w in Python
      [post({ name: "Y", location_type_code: "state", site_code: "DENVER" }), "another location already uses this site code"],
      [put(SOUTH_PARK, { site_code: "colorado" }), "another location already uses this site code"],
      [
        post({ name: "Y", location_type_code: "state", location_data: { region: "up" } }),
        "'up' is not a valid choice for Region. The available options are: north, south, east, west.",
      ],
      [
        post({ name: "Y", location_type_code: "state", site_code: "y", location_data: { zip: "12", region: "mars" } }),
        "'mars' is not a valid choice for Region. The available options are: north, south, east, west. '12' is not a valid match for ZIP code Location site code: y.",
      ],
      [
        post({ name: "Y", location_type_code: "city", parent_location_id: DENVER }),
        "The selected parent location cannot have child locations!",
      ],
      [post({ name: "Y", location_type_code: "village" }), "LocationType 'village' not found"],
      [post({ name: "Y", location_type_code: "city" }), "Location type not valid for the selected parent."],
      [put(COLORADO, { location_type_code: "county" }), "Location type not valid for the selected parent."],
      [
        put(COLORADO, { location_type_code: "state", domain: "demo", last_modified: "x" }),
        "Invalid fields were included in request: ['domain', 'last_modified'].",
      ],
      [
        post({ name: "Y", location_type_code: "state", location_id: "abc", location_type_name: "State" }),
        "Invalid fields were included in request: ['location_id', 'location_type_name'].",
      ],
      [put(DENVER, { location_id: DENVER, external_id: "e" }), "Invalid fields were included in request: ['location_id', 'external_id']."],
      [post({ name: "Y", location_type_code: "state", latitude: "north" }), "['“north” value must be a decimal number.']"],
    ];
    for (const [promise, message] of cases) {
      const res = await promise;
      expect(await ccError(res), message).toEqual({ status: 400, error: message });
    }
    expect(await dumpLocations()).toEqual(before);
  });

  it("a type change is refused for a location with children", async () => {
    await env.DB.prepare("update cc_location_types set parent_type_id = null where id = 3").run();
    expect(await ccError(await put(COLORADO, { location_type_code: "county" }))).toEqual({
      status: 400,
      error: "You cannot change the location type of a location with children",
    });
    await env.DB.prepare("update cc_location_types set parent_type_id = 1 where id = 3").run();
  });

  it("required custom fields are checked when location_data is sent", async () => {
    await env.DB.prepare("update cc_location_fields set is_required = 1 where slug = 'population'").run();
    expect(await ccError(await post({ name: "Z", location_type_code: "state", location_data: {} }))).toEqual({
      status: 400,
      error: "Population is required.",
    });
    await env.DB.prepare("update cc_location_fields set is_required = 0 where slug = 'population'").run();
  });

  it("bad bodies: invalid JSON, wrong content type, PATCH without objects or with more than 100", async () => {
    const before = await dumpLocations();
    const raw = (method: string, body: string, type = "application/json") =>
      call(method, LIST, body, { headers: { ...apiKeyHeader(), "content-type": type } });
    expect(await ccError(await raw("POST", "{nope"))).toEqual({ status: 400, error: "Request is not valid JSON." });
    expect(await ccError(await raw("PATCH", "[1,"))).toEqual({ status: 400, error: "Request is not valid JSON." });
    expect((await ccError(await raw("POST", "name=x", "application/x-www-form-urlencoded"))).error).toMatch(
      /^The format indicated 'application\/x-www-form-urlencoded' had no available deserialization method/,
    );
    expect(await ccError(await ccCall("PATCH", LIST, { items: [] }))).toEqual({
      status: 400,
      error: "Invalid data sent: missing 'objects'",
    });
    expect(await ccError(await ccCall("PATCH", LIST, [1, 2]))).toEqual({ status: 400, error: "Invalid data sent: missing 'objects'" });
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `L${i}`, location_type_code: "state" }));
    expect(await ccError(await ccCall("PATCH", LIST, { objects: many }))).toEqual({
      status: 400,
      error: "Object count exceeds limit for PATCH method.",
    });
    expect(await dumpLocations()).toEqual(before);
  });

  it("a failing item rolls back every earlier create and update of the PATCH (domain unchanged)", async () => {
    const before = await dumpLocations();
    const res = await ccCall("PATCH", LIST, {
      objects: [
        { name: "Fort Collins", location_type_code: "city", parent_location_id: COLORADO },
        { location_id: DENVER, name: "Denver City", latitude: "1.5" },
        { name: "Bad", location_type_code: "state", site_code: "has space" },
        { name: "Never", location_type_code: "state" },
      ],
    });
    expect(await ccError(res)).toEqual({ status: 400, error: "The site code cannot contain spaces or special characters." });
    expect(await dumpLocations()).toEqual(before);
  });

  it("100 objects is the limit, not an error", async () => {
    const objects = Array.from({ length: 100 }, (_, i) => ({ name: `Bulk ${i}`, location_type_code: "state" }));
    const res = await ccCall("PATCH", LIST, { objects });
    expect(res.status).toBe(202);
    expect(((await res.json()) as string[]).length).toBe(100);
  });
});

describe("§3.7 details: step 1 on PUT, and where the site-code suffix goes", () => {
  it("PUT moving a location under a parent that already has a child of that name → step 1's error, nothing changed", async () => {
    // a second state with its own "Denver"; moving that one under Colorado (no type given) hits step 1
    const utah = (await (await post({ name: "Utah", location_type_code: "state" })).json()) as any;
    const utahDenver = (await (
      await post({ name: "Denver", location_type_code: "city", parent_location_id: utah.location_id })
    ).json()) as any;
    expect(utahDenver.site_code).toBe("denver1");
    const before = await dumpLocations();
    expect(await ccError(await put(utahDenver.location_id, { parent_location_id: COLORADO }))).toEqual({
      status: 400,
      error: "Location with same name and parent already exists.",
    });
    expect(await ccError(await put(utahDenver.location_id, { parent_location_id: COLORADO, site_code: "den-2" }))).toEqual({
      status: 400,
      error: "Location with same name and parent already exists. Location site code: den-2.",
    });
    expect(await dumpLocations()).toEqual(before);
    // the same move of a location whose name is free under Colorado succeeds
    const provo = (await (await post({ name: "Provo", location_type_code: "city", parent_location_id: utah.location_id })).json()) as any;
    const moved = await put(provo.location_id, { parent_location_id: COLORADO });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ name: "Provo", parent_location_id: COLORADO });
  });

  it("steps 3 and 5 and the invalid-fields check carry no suffix although site_code was sent; steps 1, 2, 4 do", async () => {
    const before = await dumpLocations();
    const cases: [Promise<Response>, string][] = [
      [post({ name: "Y", location_type_code: "village", site_code: "v1" }), "LocationType 'village' not found"],
      [post({ name: "Y", location_type_code: "city", site_code: "v2" }), "Location type not valid for the selected parent."],
      [
        post({ name: "Y", location_type_code: "city", parent_location_id: DENVER, site_code: "v3" }),
        "The selected parent location cannot have child locations!",
      ],
      [put(COLORADO, { location_type_code: "county", site_code: "v4" }), "Location type not valid for the selected parent."],
      [
        post({ name: "Y", location_type_code: "state", site_code: "v5", foo: 1, location_type_name: "State" }),
        "Invalid fields were included in request: ['foo', 'location_type_name'].",
      ],
      [put(DENVER, { site_code: "v6", domain: "demo" }), "Invalid fields were included in request: ['domain']."],
      [
        post({ name: "Y", location_type_code: "state", site_code: "bad code" }),
        "The site code cannot contain spaces or special characters.",
      ],
      [
        put(DENVER, { name: "Colorado Springs", parent_location_id: "nope", site_code: "v7" }),
        "Could not find parent location with the given ID. Location site code: v7.",
      ],
      [
        put(SOUTH_PARK, { name: "Colorado", site_code: "v8" }),
        "Location with same name and parent already exists. Location site code: v8.",
      ],
      [
        put(DENVER, { location_data: { region: "up" }, site_code: "v9" }),
        "'up' is not a valid choice for Region. The available options are: north, south, east, west. Location site code: v9.",
      ],
    ];
    for (const [promise, message] of cases) expect(await ccError(await promise), message).toEqual({ status: 400, error: message });
    expect(await dumpLocations()).toEqual(before);
  });
});

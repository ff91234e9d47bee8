import { describe, expect, it } from "vitest";
import { ccError, ccGet, ccJson } from "../helpers/commcare";

const DENVER = "10c0000000000000000000000000d3e0";
const COLORADO = "10c0000000000000000000000000c010";
const names = (page: any) => page.objects.map((o: any) => o.name);

describe("location v0.5 (§3.5)", () => {
  it("objects with absolute URLs for self, type and parent", async () => {
    const denver = await ccJson(`/a/demo/api/v0.5/location/${DENVER}/`);
    expect(denver).toEqual({
      created_at: "2026-09-01T08:00:01.250000",
      domain: "demo",
      external_id: null,
      id: 2,
      last_modified: "2026-09-02T09:30:00.500000",
      latitude: "11.1234567891",
      location_data: { population: "715,522" },
      location_id: DENVER,
      location_type: "https://trialedge.test/a/demo/api/v0.5/location_type/2/",
      longitude: "10.1234567891",
      name: "Denver",
      parent: `https://trialedge.test/a/demo/api/v0.5/location/${COLORADO}/`,
      resource_uri: `https://trialedge.test/a/demo/api/v0.5/location/${DENVER}/`,
      site_code: "denver",
    });
    const neu = await ccJson(`/a/demo/api/location/v1/${DENVER}/`);
    expect(neu.resource_uri).toBe(`https://trialedge.test/a/demo/api/location/v1/${DENVER}/`);
    expect(neu.location_type).toBe("https://trialedge.test/a/demo/api/location_type/v1/2/");
  });

  it("Django-style filters; unknown and dotted params ignored", async () => {
    expect(names(await ccJson("/a/demo/api/v0.5/location/?site_code=denver"))).toEqual(["Denver"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?external_id=SP-1"))).toEqual(["South Park"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?last_modified__gte=2026-09-02"))).toEqual(["Denver", "South Park"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?last_modified__lt=2026-09-02T09:30:00.5"))).toEqual(["Colorado"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?created_at__range=2026-09-01 08:00:01,2026-09-01 08:00:03"))).toEqual([
      "Denver",
      "South Park",
    ]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?latitude__gt=11"))).toEqual(["Denver"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?latitude__isnull=true"))).toEqual(["Colorado", "South Park"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?longitude__in=10.1234567891,3"))).toEqual(["Denver"]);
    expect(names(await ccJson("/a/demo/api/v0.5/location/?last_modified__year=2026&last_modified__day=3"))).toEqual(["South Park"]);
    expect((await ccJson("/a/demo/api/v0.5/location/?last_modified.gte=2030-01-01&whatever=1")).meta.total_count).toBe(3);
  });

  it("400 messages of the v0.5 filters", async () => {
    const cases: [string, string][] = [
      ["name=Denver", "The 'name' field does not allow filtering."],
      ["site_code__in=a,b", "'in' is not an allowed filter on the 'site_code' field."],
      ["external_id__startswith=S", "'startswith' is not an allowed filter on the 'external_id' field."],
      ["last_modified__gte=x", '["“x” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."]'],
      ["latitude__gt=abc", "['“abc” value must be a decimal number.']"],
      ["site_code__foo__bar=1", "Lookups are not allowed more than one level deep on the 'site_code' field."],
    ];
    for (const [q, message] of cases)
      expect(await ccError(await ccGet(`/a/demo/api/v0.5/location/?${q}`)), q).toEqual({ status: 400, error: message });
  });
});

describe("location_type (§3.6)", () => {
  it("lists and details with absolute parent URLs", async () => {
    const city = await ccJson("/a/demo/api/location_type/v1/2/");
    expect(city).toEqual({
      administrative: false,
      code: "city",
      domain: "demo",
      id: 2,
      name: "City",
      parent: "https://trialedge.test/a/demo/api/location_type/v1/1/",
      resource_uri: "https://trialedge.test/a/demo/api/location_type/v1/2/",
      shares_cases: true,
      view_descendants: false,
    });
    expect((await ccJson("/a/demo/api/v0.5/location_type/")).objects.map((t: any) => t.code)).toEqual(["state", "city", "county"]);
  });
});

describe("location v0.6 GET (§3.7)", () => {
  it("objects, filters and ordering", async () => {
    expect(await ccJson(`/a/demo/api/v0.6/location/${DENVER}/`)).toEqual({
      domain: "demo",
      last_modified: "2026-09-02T09:30:00.500000",
      latitude: "11.1234567891",
      location_data: { population: "715,522" },
      location_id: DENVER,
      location_type_code: "city",
      location_type_name: "City",
      longitude: "10.1234567891",
      name: "Denver",
      parent_location_id: COLORADO,
      site_code: "denver",
    });
    expect((await ccJson(`/a/demo/api/v0.6/location/${COLORADO}/`)).parent_location_id).toBe("");
    expect(names(await ccJson("/a/demo/api/v0.6/location/?name=Denver"))).toEqual(["Denver"]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?name=denver"))).toEqual([]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?site_code=south_park"))).toEqual(["South Park"]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?location_type_code=county"))).toEqual(["South Park"]);
    expect(names(await ccJson(`/a/demo/api/v0.6/location/?parent_location_id=${COLORADO}`))).toEqual(["Denver"]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?parent_location_id=nope"))).toEqual([]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?last_modified.gte=2026-09-02"))).toEqual(["Denver", "South Park"]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?last_modified__lt=2026-09-02"))).toEqual(["Colorado"]);
    expect(names(await ccJson("/a/demo/api/v0.6/location/?order_by=-last_modified"))).toEqual(["South Park", "Denver", "Colorado"]);
    expect((await ccJson("/a/demo/api/v0.6/location/?limit=0")).meta.limit).toBe(5000);
    expect((await ccJson("/a/demo/api/v0.6/location/?limit=9999")).meta.limit).toBe(5000);
    expect((await ccJson("/a/demo/api/v0.5/location/?limit=9999")).meta.limit).toBe(1000);
  });

  it("400 messages of the v0.6 filters", async () => {
    expect(await ccError(await ccGet("/a/demo/api/v0.6/location/?last_modified=2026-01-01"))).toEqual({
      status: 400,
      error: "'exact' is not an allowed filter on the 'last_modified' field.",
    });
    expect(await ccError(await ccGet("/a/demo/api/v0.6/location/?latitude=1"))).toEqual({
      status: 400,
      error: "The 'latitude' field does not allow filtering.",
    });
    expect((await ccError(await ccGet("/a/demo/api/v0.6/location/?last_modified.gt=soon"))).status).toBe(400);
  });
});

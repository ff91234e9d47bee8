import { describe, expect, it } from "vitest";
import { ccGet, ccJson } from "../helpers/commcare";
import { householdCaseId, memberCaseId, referralCaseId } from "../../src/seed/commcare-demo";

type Page = { meta: { total_count: number; next: string | null; limit: number }; objects: any[] };
const list = (q = "") => ccJson<Page>(`/a/demo/api/v0.5/case/${q}`);

describe("case list and detail (§3.3)", () => {
  it("oldest server modification first, object shape, absolute resource_uri", async () => {
    const page = await list("?limit=100");
    expect(page.meta.total_count).toBe(20);
    const mods = page.objects.map((c) => c.server_date_modified);
    expect(mods).toEqual([...mods].sort());
    const c = await ccJson(`/a/demo/api/case/v1/${householdCaseId(2)}/`);
    expect(Object.keys(c)).toEqual([
      "case_id",
      "closed",
      "closed_by",
      "date_closed",
      "date_modified",
      "domain",
      "id",
      "indexed_on",
      "indices",
      "opened_by",
      "properties",
      "resource_uri",
      "server_date_modified",
      "server_date_opened",
      "user_id",
      "xform_ids",
    ]);
    expect(c).toMatchObject({
      case_id: householdCaseId(2),
      id: householdCaseId(2),
      closed: false,
      date_closed: null,
      domain: "demo",
      properties: { case_name: "Bello household", case_type: "household", size: "4", village: "north", visit_count: "2" },
      resource_uri: `https://trialedge.test/a/demo/api/case/v1/${householdCaseId(2)}/`,
      xform_ids: ["d0000000-0000-4000-8000-000000000002", "d0000000-0000-4000-8000-000000000014"],
    });
  });

  it("filters: type, case_type alias (case-insensitive), .exact, name, owner_id, user_id, closed, external_id, properties, dates", async () => {
    expect((await list("?type=household")).meta.total_count).toBe(12);
    expect((await list("?case_type=HOUSEHOLD")).meta.total_count).toBe(12);
    expect((await list("?type.exact=HOUSEHOLD")).meta.total_count).toBe(0);
    expect((await list("?type.exact=household")).meta.total_count).toBe(12);
    expect((await list("?name=bello household")).meta.total_count).toBe(1);
    expect((await list("?case_name=Bello Household")).meta.total_count).toBe(1);
    expect((await list("?name.exact=bello household")).meta.total_count).toBe(0);
    expect((await list("?closed=true")).meta.total_count).toBe(3);
    expect((await list("?closed=false&type=household")).meta.total_count).toBe(9);
    expect((await list("?external_id=ref-003")).meta.total_count).toBe(1);
    expect((await list("?external_id.exact=REF-003")).meta.total_count).toBe(1);
    expect((await list("?village=north&type=household")).meta.total_count).toBe(6);
    expect((await list("?contact_phone_number=%2B15550199001")).meta.total_count).toBe(1);
    expect((await list("?nonexistent_property=x")).meta.total_count).toBe(0);
    const owner = (await list("?limit=1")).objects[0].properties.owner_id;
    expect((await list(`?owner_id=${owner}&limit=100`)).objects.every((c) => c.properties.owner_id === owner)).toBe(true);
    const all = (await list("?limit=100")).objects;
    const user = all[0].user_id;
    const byUser = (await list(`?user_id=${user}&limit=100`)).objects;
    expect(byUser.length).toBe(all.filter((c) => c.user_id === user).length);
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((c) => c.user_id === user)).toBe(true);
    expect((await list("?user_id=nobody")).meta.total_count).toBe(0);
    expect((await list("?server_date_modified_start=2026-10-02&server_modified_on_end=2030-01-01")).meta.total_count).toBeGreaterThan(0);
    expect((await list("?date_modified_end=2026-09-01")).meta.total_count).toBe(0);
    expect((await list("?indexed_on_start=2026-09-01T00:00:00Z")).meta.total_count).toBe(20);
  });

  it("closed cases carry closed_by and date_closed", async () => {
    const closed = (await list("?closed=true")).objects[0];
    expect(closed.closed).toBe(true);
    expect(closed.date_closed).toEqual(expect.any(String));
    expect(closed.closed_by).toEqual(expect.any(String));
  });

  it("indices and parent_cases__full / child_cases__full of the parent/child pair", async () => {
    const child = await ccJson(`/a/demo/api/v0.5/case/${memberCaseId(1)}/?parent_cases__full=true`);
    expect(child.indices).toEqual({ parent: { case_id: householdCaseId(1), case_type: "household", relationship: "child" } });
    expect(child.parent_cases.parent.case_id).toBe(householdCaseId(1));
    const parent = await ccJson(`/a/demo/api/v0.5/case/${householdCaseId(1)}/?child_cases__full=true`);
    expect(parent.child_cases.parent.properties.case_type).toBe("member");
    expect((await ccJson(`/a/demo/api/v0.5/case/${householdCaseId(1)}/`)).child_cases).toBeUndefined();
  });

  it("order_by date_modified / indexed_on / -server_date_modified", async () => {
    const desc = (await list("?order_by=-server_date_modified&limit=100")).objects.map((c) => c.server_date_modified);
    expect(desc).toEqual([...desc].sort().reverse());
    expect((await list("?order_by=date_modified&order_by=indexed_on")).objects).toHaveLength(20);
  });

  it("XML: CaseXML v2 blocks with tastypie meta; format=json beats Accept", async () => {
    const res = await ccGet(`/a/demo/api/v0.5/case/?format=xml&limit=1&type=referral`);
    const xml = await res.text();
    expect(xml.startsWith("<?xml version='1.0' encoding='utf-8'?>")).toBe(true);
    expect(xml).toContain('<meta type="hash"><limit type="integer">1</limit>');
    expect(xml).toMatch(
      /<objects type="list"><case xmlns="http:\/\/commcarehq.org\/case\/transaction\/v2" case_id="cafe\w+" date_modified="[^"]+" user_id="\w+"><create><case_type>referral<\/case_type><case_name>Referral \d<\/case_name><owner_id>\w+<\/owner_id><\/create><update>/,
    );
    const accept = await ccGet(`/a/demo/api/v0.5/case/${referralCaseId(1)}/`, undefined, { accept: "application/xml" });
    expect(await accept.text()).toContain("<external_id>REF-001</external_id>");
    const json = await ccGet(`/a/demo/api/v0.5/case/?format=json`, undefined, { accept: "application/xml" });
    expect(json.headers.get("content-type")).toContain("json");
  });
});

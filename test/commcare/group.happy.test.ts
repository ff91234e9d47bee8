import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, ccJson } from "../helpers/commcare";
import { BASE } from "../helpers/http";

const g = CC_DEMO.groups;
const [w1, , w3] = CC_DEMO.workers;

describe.each(["/a/demo/api/v0.5/group/", "/a/demo/api/group/v1/"])("groups at %s", (list) => {
  it("lists the domain's groups by name with their active members", async () => {
    const body = await ccJson(list);
    expect(body.meta.total_count).toBe(2);
    expect(body.objects).toEqual([
      {
        case_sharing: true,
        domain: "demo",
        id: g.denverTeam.uuid,
        metadata: { region: "west" },
        name: g.denverTeam.name,
        reporting: true,
        resource_uri: `${BASE}${list}${g.denverTeam.uuid}/`,
        users: [w1!.uuid, w3!.uuid],
      },
      {
        case_sharing: false,
        domain: "demo",
        id: g.supervisors.uuid,
        metadata: {},
        name: g.supervisors.name,
        reporting: true,
        resource_uri: `${BASE}${list}${g.supervisors.uuid}/`,
        users: [w3!.uuid],
      },
    ]);
  });

  it("serves one group by id; pages by offset and cursor; XML on request", async () => {
    expect((await ccJson(`${list}${g.supervisors.uuid}/`)).users).toEqual([w3!.uuid]);
    const c1 = await ccJson(`${list}?limit=1&cursor=`);
    const c2 = await ccJson(c1.meta.next);
    expect([...c1.objects, ...c2.objects].map((x: any) => x.id)).toEqual([g.denverTeam.uuid, g.supervisors.uuid]);
    expect((await ccJson(`${list}?limit=1&offset=1`)).objects.map((x: any) => x.id)).toEqual([g.supervisors.uuid]);
    expect(await (await ccGet(`${list}?format=xml`)).text()).toContain(`<object id="${g.denverTeam.uuid}">`);
  });
});

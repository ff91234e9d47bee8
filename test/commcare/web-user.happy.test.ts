import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, ccJson } from "../helpers/commcare";
import { BASE } from "../helpers/http";

describe.each(["/a/demo/api/v0.5/web-user/", "/a/demo/api/web-user/v1/"])("web users at %s", (list) => {
  it("lists the domain's web members with role, is_admin and permissions", async () => {
    const body = await ccJson(list);
    expect(body.meta).toEqual({ limit: 20, next: null, offset: 0, previous: null, total_count: 2 });
    expect(body.objects[0]).toEqual({
      default_phone_number: null,
      email: CC_DEMO.admin.username,
      first_name: "Dana",
      id: CC_DEMO.admin.uuid,
      is_admin: true,
      last_name: "Admin",
      permissions: { access_api: true, edit_commcare_users: true, edit_data: true, edit_locations: true, edit_web_users: true },
      phone_numbers: [],
      resource_uri: `${BASE}${list}${CC_DEMO.admin.uuid}/`,
      role: "Admin",
      username: CC_DEMO.admin.username,
    });
    expect(body.objects[1]).toMatchObject({
      id: CC_DEMO.viewer.uuid,
      is_admin: false,
      role: "Viewer",
      permissions: { access_api: true, edit_commcare_users: true, edit_data: true, edit_locations: false, edit_web_users: false },
    });
  });

  it("web_username narrows to one member, any case; the detail is the same object", async () => {
    const body = await ccJson(`${list}?web_username=VIEWER@demo.test`);
    expect(body.objects.map((u: any) => u.id)).toEqual([CC_DEMO.viewer.uuid]);
    expect(await ccJson(`${list}${CC_DEMO.viewer.uuid}/`)).toEqual(body.objects[0]);
  });

  it("pages by offset and by cursor", async () => {
    const first = await ccJson(`${list}?limit=1`);
    expect(first.meta.next).toBe(`${list}?limit=1&offset=1`);
    const c1 = await ccJson(`${list}?limit=1&cursor=`);
    const c2 = await ccJson(c1.meta.next);
    expect([...c1.objects, ...c2.objects].map((u: any) => u.id)).toEqual([CC_DEMO.admin.uuid, CC_DEMO.viewer.uuid]);
  });

  it("answers XML with format=xml", async () => {
    const res = await ccGet(`${list}?format=xml`);
    expect(await res.text()).toContain(`<object id="${CC_DEMO.admin.uuid}">`);
  });
});

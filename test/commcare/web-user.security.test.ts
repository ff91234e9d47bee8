import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, OTHER_ADMIN, VIEWER } from "../helpers/commcare";

describe.each(["v0.5/web-user/", "web-user/v1/"])("web user security at %s", (scheme) => {
  it("the other domain's key gets 403 on demo; in its own domain it sees only its own admin", async () => {
    for (const url of [`/a/demo/api/${scheme}`, `/a/demo/api/${scheme}${CC_DEMO.admin.uuid}/`])
      expect((await ccGet(url, OTHER_ADMIN)).status, url).toBe(403);
    const own = (await (await ccGet(`/a/other/api/${scheme}`, OTHER_ADMIN)).json()) as any;
    expect(own.objects.map((u: any) => u.id)).toEqual([CC_DEMO.otherAdmin.uuid]);
    expect((await ccGet(`/a/other/api/${scheme}${CC_DEMO.admin.uuid}/`, OTHER_ADMIN)).status).toBe(404);
  });

  it("the viewer key (no edit_web_users) gets 403 with an empty body", async () => {
    for (const url of [`/a/demo/api/${scheme}`, `/a/demo/api/${scheme}${CC_DEMO.viewer.uuid}/`]) {
      const res = await ccGet(url, VIEWER);
      expect(res.status, url).toBe(403);
      expect(await res.text()).toBe("");
    }
  });
});

import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, keyWithPermissions, OTHER_ADMIN } from "../helpers/commcare";

describe.each(["v0.5/group/", "group/v1/"])("group security at %s", (scheme) => {
  it("the other domain's key gets 403 on demo and sees only its own group at home", async () => {
    for (const url of [`/a/demo/api/${scheme}`, `/a/demo/api/${scheme}${CC_DEMO.groups.denverTeam.uuid}/`])
      expect((await ccGet(url, OTHER_ADMIN)).status, url).toBe(403);
    const own = (await (await ccGet(`/a/other/api/${scheme}`, OTHER_ADMIN)).json()) as any;
    expect(own.objects.map((x: any) => x.id)).toEqual([CC_DEMO.groups.otherTeam.uuid]);
    expect(own.objects[0].users).toEqual([CC_DEMO.otherWorker.uuid]);
    expect((await ccGet(`/a/other/api/${scheme}${CC_DEMO.groups.denverTeam.uuid}/`, OTHER_ADMIN)).status).toBe(404);
  });

  it("a key without edit_commcare_users gets 403", async () => {
    const who = await keyWithPermissions(["access_api", "edit_data"], "nogroup");
    expect((await ccGet(`/a/demo/api/${scheme}`, who)).status).toBe(403);
  });
});

import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, keyWithPermissions, OTHER_ADMIN } from "../helpers/commcare";
import { get } from "../helpers/http";

const SCHEMES = ["v0.5/user/", "user/v1/"];

describe.each(SCHEMES)("mobile worker security at %s", (scheme) => {
  const demo = `/a/demo/api/${scheme}`;
  const other = `/a/other/api/${scheme}`;

  it("the other domain's key gets 403 on demo's list and detail, with an empty body", async () => {
    for (const url of [demo, `${demo}${CC_DEMO.workers[0]!.uuid}/`]) {
      const res = await ccGet(url, OTHER_ADMIN);
      expect(res.status, url).toBe(403);
      expect(await res.text()).toBe("");
    }
  });

  it("in its own domain it sees only its own workers; demo's worker and group ids are not found there", async () => {
    const res = await ccGet(other, OTHER_ADMIN);
    const body = (await res.json()) as any;
    expect(body.objects.map((u: any) => u.id)).toEqual([CC_DEMO.otherWorker.uuid]);
    expect((await ccGet(`${other}${CC_DEMO.workers[0]!.uuid}/`, OTHER_ADMIN)).status).toBe(404);
    const byGroup = await ccGet(`${other}?group=${CC_DEMO.groups.denverTeam.uuid}`, OTHER_ADMIN);
    expect(byGroup.status).toBe(400);
    expect(await byGroup.text()).not.toContain("worker1");
  });

  it("a key without edit_commcare_users, or without access_api, gets 403", async () => {
    for (const perms of [["access_api", "edit_data", "edit_locations", "edit_web_users"], ["edit_commcare_users"]]) {
      const who = await keyWithPermissions(perms, "nouser");
      expect((await ccGet(demo, who)).status, perms.join()).toBe(403);
      expect((await ccGet(`${demo}${CC_DEMO.workers[0]!.uuid}/`, who)).status, perms.join()).toBe(403);
    }
  });

  it("no credentials → 401", async () => {
    expect((await get(demo)).status).toBe(401);
  });
});

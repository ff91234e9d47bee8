import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccCall, ccError, ccGet } from "../helpers/commcare";

describe.each(["/a/demo/api/v0.5/group/", "/a/demo/api/group/v1/"])("group errors at %s", (list) => {
  it("unknown or other-domain group → 404 with an empty body", async () => {
    for (const id of ["nope", CC_DEMO.groups.otherTeam.uuid]) {
      const res = await ccGet(`${list}${id}/`);
      expect(res.status, id).toBe(404);
      expect(await res.text()).toBe("");
    }
  });

  it("bad paging → 400; writes → 405", async () => {
    expect(await ccError(await ccGet(`${list}?cursor=zzz`))).toEqual({ status: 400, error: "Invalid cursor 'zzz' provided." });
    expect((await ccCall("POST", list, { name: "x" })).status).toBe(405);
  });
});

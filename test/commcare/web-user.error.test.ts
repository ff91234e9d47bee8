import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccCall, ccError, ccGet, ccJson } from "../helpers/commcare";

describe.each(["/a/demo/api/v0.5/web-user/", "/a/demo/api/web-user/v1/"])("web user errors at %s", (list) => {
  it("detail of a mobile worker, another domain's user or an unknown id → 404, empty body", async () => {
    for (const id of [CC_DEMO.workers[0]!.uuid, CC_DEMO.otherAdmin.uuid, "nope"]) {
      const res = await ccGet(`${list}${id}/`);
      expect(res.status, id).toBe(404);
      expect(await res.text()).toBe("");
    }
  });

  it("web_username of a user outside the domain finds nothing (HQ would look it up anywhere)", async () => {
    expect((await ccJson(`${list}?web_username=${CC_DEMO.otherAdmin.username}`)).objects).toEqual([]);
  });

  it("bad paging → 400; writes → 405", async () => {
    expect(await ccError(await ccGet(`${list}?limit=x`))).toEqual({
      status: 400,
      error: "Invalid limit 'x' provided. Please provide a positive integer.",
    });
    expect((await ccCall("DELETE", `${list}${CC_DEMO.viewer.uuid}/`)).status).toBe(405);
  });
});

import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccCall, ccError, ccGet } from "../helpers/commcare";

describe.each(["/a/demo/api/v0.5/user/", "/a/demo/api/user/v1/"])("mobile worker errors at %s", (list) => {
  it("a group that is not the domain's → 400 with HQ's message", async () => {
    expect(await ccError(await ccGet(`${list}?group=nope`))).toEqual({ status: 400, error: "Project demo has no group with id=nope" });
    expect(await ccError(await ccGet(`${list}?group=${CC_DEMO.groups.otherTeam.uuid}`))).toEqual({
      status: 400,
      error: `Project demo has no group with id=${CC_DEMO.groups.otherTeam.uuid}`,
    });
  });

  it("bad limit, offset and cursor → 400 in the CommCare format", async () => {
    expect(await ccError(await ccGet(`${list}?limit=abc`))).toEqual({
      status: 400,
      error: "Invalid limit 'abc' provided. Please provide a positive integer.",
    });
    expect(await ccError(await ccGet(`${list}?offset=-1`))).toEqual({
      status: 400,
      error: "Invalid offset '-1' provided. Please provide a positive integer >= 0.",
    });
    expect(await ccError(await ccGet(`${list}?cursor=garbage`))).toEqual({ status: 400, error: "Invalid cursor 'garbage' provided." });
  });

  it("detail of an unknown id, of a web user, or of another domain's worker → 404 with an empty body", async () => {
    for (const id of ["nope", CC_DEMO.admin.uuid, CC_DEMO.otherWorker.uuid]) {
      const res = await ccGet(`${list}${id}/`);
      expect(res.status, id).toBe(404);
      expect(await res.text()).toBe("");
    }
  });

  it("writes are not allowed: 405 with Allow", async () => {
    const res = await ccCall("POST", list, { username: "x" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

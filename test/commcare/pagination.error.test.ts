import { describe, expect, it } from "vitest";
import { ccError, ccGet } from "../helpers/commcare";

const LISTS = ["v0.5/form/", "v0.5/case/", "v0.5/bulk-user/", "v0.5/location/", "v0.6/location/", "v0.5/location_type/"];

describe("pagination parameters (§2.4): every 400 message on every paginated list", () => {
  it.each(LISTS)("%s", async (list) => {
    const cases: [string, string][] = [
      ["limit=abc", "Invalid limit 'abc' provided. Please provide a positive integer."],
      ["limit=-5", "Invalid limit '-5' provided. Please provide a positive integer >= 0."],
      ["offset=x", "Invalid offset 'x' provided. Please provide an integer."],
      ["offset=-1", "Invalid offset '-1' provided. Please provide a positive integer >= 0."],
    ];
    for (const [q, message] of cases) {
      expect(await ccError(await ccGet(`/a/demo/api/${list}?${q}`)), `${list}?${q}`).toEqual({ status: 400, error: message });
    }
  });

  it("limit is read before offset", async () => {
    expect((await ccError(await ccGet("/a/demo/api/v0.5/form/?offset=x&limit=y"))).error).toMatch(/^Invalid limit 'y'/);
  });

  it("order_by on an unknown or non-orderable field", async () => {
    const cases: [string, string][] = [
      ["v0.5/form/?order_by=nope", "No matching 'nope' field for ordering on."],
      ["v0.5/form/?order_by=-app_id", "The 'app_id' field does not allow ordering."],
      ["v0.5/case/?order_by=properties", "The 'properties' field does not allow ordering."],
      ["v0.5/case/?order_by=received_on", "No matching 'received_on' field for ordering on."],
      ["v0.6/location/?order_by=name", "The 'name' field does not allow ordering."],
      ["v0.5/location/?order_by=last_modified", "The 'last_modified' field does not allow ordering."],
      ["v0.5/location_type/?order_by=id", "The 'id' field does not allow ordering."],
    ];
    for (const [url, message] of cases)
      expect(await ccError(await ccGet(`/a/demo/api/${url}`)), url).toEqual({ status: 400, error: message });
  });

  it("a cursor that was not made here, or for another ordering", async () => {
    expect(await ccError(await ccGet("/a/demo/api/v0.5/form/?cursor=garbage!"))).toEqual({
      status: 400,
      error: "Invalid cursor 'garbage!' provided.",
    });
    const first = (await (await ccGet("/a/demo/api/v0.5/form/?cursor=&limit=2")).json()) as { meta: { next: string } };
    const cursor = new URL(first.meta.next, "https://x").searchParams.get("cursor")!;
    expect((await ccError(await ccGet(`/a/demo/api/v0.5/form/?cursor=${cursor}&order_by=indexed_on`))).status).toBe(400);
  });
});

import { describe, expect, it } from "vitest";
import { ccError, ccGet, OTHER_ADMIN } from "../helpers/commcare";

describe("form and case bad input", () => {
  it("unparseable dates → 400 Bad query parameter (Q5)", async () => {
    const cases = [
      "v0.5/form/?received_on_start=yesterday",
      "v0.5/form/?received_on_end=2026-13-01",
      "v0.5/form/?indexed_on_start=01/02/2026",
      "v0.5/form/?server_modified_on_end=2026-10-01T25:00",
      "v0.5/form/?server_date_modified_start=x",
      "v0.5/case/?date_modified_start=nope",
      "v0.5/case/?server_date_modified_end=2026-02-30",
      "v0.5/case/?indexed_on_start=1",
      "v0.5/case/?server_modified_on_start=2026-10-01T10:00:00+25",
    ];
    for (const url of cases) {
      const value = decodeURIComponent(new URL(url, "https://x").search.split("=")[1]!);
      expect(await ccError(await ccGet(`/a/demo/api/${url}`)), url).toEqual({
        status: 400,
        error: `Bad query parameter: Unknown date format: ${new URLSearchParams(url.split("?")[1]).values().next().value}`,
      });
      void value;
    }
  });

  it("unknown detail ids → 404 with an empty body", async () => {
    for (const url of [
      "v0.5/form/nope/",
      "v0.5/case/nope/",
      "v0.5/application/nope/",
      "v0.5/bulk-user/x/",
      "v0.5/location_type/999/",
      "v0.5/location_type/abc/",
    ]) {
      const res = await ccGet(`/a/demo/api/${url}`);
      expect(res.status, url).toBe(404);
      expect(await res.text()).toBe("");
    }
  });

  it("ids of another domain are 404 on the other domain's own URLs", async () => {
    const res = await ccGet("/a/other/api/v0.5/form/d0000000-0000-4000-8000-000000000001/", OTHER_ADMIN);
    expect(res.status).toBe(404);
    expect((await ccGet("/a/other/api/v0.5/case/cafe0000000000000000000000000001/", OTHER_ADMIN)).status).toBe(404);
    expect((await ccGet("/a/other/api/v0.6/location/10c0000000000000000000000000d3e0/", OTHER_ADMIN)).status).toBe(404);
  });

  it("bulk-user fields must be resource fields", async () => {
    expect(await ccError(await ccGet("/a/demo/api/v0.5/bulk-user/?fields=password"))).toEqual({
      status: 400,
      error: "password is not a valid field",
    });
    expect(await ccError(await ccGet("/a/demo/api/v0.5/bulk-user/?fields=email&fields=nope"))).toEqual({
      status: 400,
      error: "nope is not a valid field",
    });
  });
});

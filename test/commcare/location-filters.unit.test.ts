import { describe, expect, it } from "vitest";
import { buildFilters } from "../../src/commcare/location-v1/tastypie-filters";
import { errorOf } from "../helpers/commcare-error";

describe("tastypie filters", () => {
  const spec = {
    fields: ["name", "site_code", "last_modified", "latitude"],
    filtering: { site_code: ["exact"], last_modified: ["gt", "gte"], latitude: "ALL" as const },
    dotted: true,
  };
  it("converts dots, ignores unknown names, checks lookups", () => {
    expect(
      buildFilters(new URLSearchParams("last_modified.gte=2026-01-01&foo=1&limit=3&latitude__in=1,2&latitude__isnull=true"), spec),
    ).toEqual([
      { field: "last_modified", lookup: "gte", value: "2026-01-01", raw: "2026-01-01" },
      { field: "latitude", lookup: "in", value: ["1", "2"], raw: "1,2" },
      { field: "latitude", lookup: "isnull", value: true, raw: "true" },
    ]);
    expect(errorOf(() => buildFilters(new URLSearchParams("name=x"), spec))).toBe("The 'name' field does not allow filtering.");
    expect(errorOf(() => buildFilters(new URLSearchParams("last_modified=x"), spec))).toBe(
      "'exact' is not an allowed filter on the 'last_modified' field.",
    );
    expect(errorOf(() => buildFilters(new URLSearchParams("site_code__in=a"), spec))).toBe(
      "'in' is not an allowed filter on the 'site_code' field.",
    );
  });
});

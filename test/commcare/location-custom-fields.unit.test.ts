import { describe, expect, it } from "vitest";
import { validateLocationData } from "../../src/commcare/location-v2/custom-fields";

describe("custom location data", () => {
  const fields = [
    { slug: "population", label: "Population", isRequired: true, choices: null, regex: null },
    { slug: "region", label: "Region", isRequired: false, choices: ["north", "south"], regex: null },
    { slug: "zip", label: "ZIP", isRequired: false, choices: null, regex: "\\d{5}" },
  ];
  it("joins every message with a space", () => {
    expect(validateLocationData({ population: "1", region: "north", zip: "12345" }, fields)).toBe("");
    expect(validateLocationData({ region: "up", zip: "12" }, fields)).toBe(
      "Population is required. 'up' is not a valid choice for Region. The available options are: north, south. '12' is not a valid match for ZIP",
    );
  });

  it("searches the regex anywhere in the value (HQ's re.search), as HQ does", () => {
    expect(validateLocationData({ population: "1", zip: "ZIP 12345-6789" }, fields)).toBe("");
    expect(validateLocationData({ population: "1", zip: "1234x" }, fields)).toBe("'1234x' is not a valid match for ZIP");
  });

  it("runs every check of a field: a value can fail both its choices and its regex", () => {
    const both = [{ slug: "code", label: "Code", isRequired: true, choices: ["AB1", "CD2"], regex: "^[A-Z]{2}\\d$" }];
    expect(validateLocationData({ code: "xy" }, both)).toBe(
      "'xy' is not a valid choice for Code. The available options are: AB1, CD2. 'xy' is not a valid match for Code",
    );
    expect(validateLocationData({ code: "EF3" }, both)).toBe("'EF3' is not a valid choice for Code. The available options are: AB1, CD2.");
    expect(validateLocationData({}, both)).toBe("Code is required.");
  });

  it("a catastrophic-backtracking pattern from the field definitions runs in linear time (V3)", () => {
    const evil = [{ slug: "code", label: "Code", isRequired: false, choices: null, regex: "^(a+)+$" }];
    const started = Date.now();
    expect(validateLocationData({ code: `${"a".repeat(5000)}!` }, evil)).toBe(`'${"a".repeat(5000)}!' is not a valid match for Code`);
    expect(validateLocationData({ code: "aaaa" }, evil)).toBe("");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

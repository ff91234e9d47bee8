import { describe, expect, it } from "vitest";
import { generateSiteCode } from "../../src/commcare/location-v2/site-code";

describe("site codes", () => {
  it("follows the reference examples", () => {
    const none = new Set<string>();
    expect(generateSiteCode("Some Location", none)).toBe("some_location");
    expect(generateSiteCode("Somé$ #Location (Old)", none)).toBe("some_location_old");
    expect(generateSiteCode("Location", new Set(["location"]))).toBe("location1");
    expect(generateSiteCode("Location", new Set(["location", "location1"]))).toBe("location2");
    expect(generateSiteCode("Fair Play 2", none)).toBe("fair_play2");
    expect(generateSiteCode("Fair Play 2", new Set(["fair_play2"]))).toBe("fair_play3");
    expect(generateSiteCode("123", none)).toBe("123");
  });

  it("makes the slug from the whole name with digits as separators; only trailing digits are the postfix", () => {
    const none = new Set<string>();
    expect(generateSiteCode("District 9 North", none)).toBe("district_north");
    expect(generateSiteCode("123 Main", none)).toBe("main");
    expect(generateSiteCode("Ward 12b", none)).toBe("ward_b");
    expect(generateSiteCode("Block 7", new Set(["block7", "block8"]))).toBe("block9");
    expect(generateSiteCode("Zone 007", new Set(["zone007"]))).toBe("zone8");
    expect(generateSiteCode("123", new Set(["123"]))).toBe("124");
  });

  it("empty name → no_name; taken codes compare case-insensitively; slugify drops symbols without separating", () => {
    expect(generateSiteCode("", new Set())).toBe("no_name");
    expect(generateSiteCode("", new Set(["no_name"]))).toBe("no_name1");
    expect(generateSiteCode("Location", new Set(["LOCATION".toLowerCase()]))).toBe("location1");
    expect(generateSiteCode("Tom's Place", new Set())).toBe("toms_place");
    expect(generateSiteCode("a__b", new Set())).toBe("a__b");
    expect(generateSiteCode("São Tomé – Ilhéu", new Set())).toBe("sao_tome_ilheu");
    expect(generateSiteCode("Straße Nørre", new Set())).toBe("strasse_norre");
    // nothing but symbols: the reference's empty slug (then 1, 2, … once taken)
    expect(generateSiteCode("$$$", new Set())).toBe("");
    expect(generateSiteCode("$$$", new Set([""]))).toBe("1");
  });
});

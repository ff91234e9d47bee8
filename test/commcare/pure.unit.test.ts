import { describe, expect, it } from "vitest";
import { extractCredentials } from "../../src/commcare/auth/credentials";
import { isoformat, parseDjangoDateTime, parseQueryDate } from "../../src/commcare/dates";
import { CommCareError } from "../../src/commcare/errors";
import { exactFloat, pythonDecimalStr, quantize10 } from "../../src/commcare/location-v1/decimal";
import { buildFilters } from "../../src/commcare/location-v1/tastypie-filters";
import { generateSiteCode } from "../../src/commcare/location-v2/site-code";
import { validateLocationData } from "../../src/commcare/location-v2/custom-fields";
import { parseLimitOffset } from "../../src/commcare/pagination/limit-offset";
import { offsetMeta, pageLink, uncountedOffsetMeta } from "../../src/commcare/pagination/meta";
import { wantsCount } from "../../src/commcare/pagination/page";
import { inChunks } from "../../src/commcare/in-chunks";
import { normalizeCaseDates } from "../../src/commcare/receiver/case-apply";
import { CaseBlockError, type CaseBlock } from "../../src/commcare/case/casexml";
import { parseOrderBy } from "../../src/commcare/pagination/order";
import { determineFormat } from "../../src/commcare/serialize/format";
import { sortedJson } from "../../src/commcare/serialize/json";
import { toTastypieXml } from "../../src/commcare/serialize/xml";

const errorOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(CommCareError);
    return (e as CommCareError).error;
  }
};

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

describe("pagination", () => {
  const q = (s: string) => new URLSearchParams(s);
  it("parses limit then offset with the reference messages", () => {
    expect(parseLimitOffset(q(""), 20, 1000)).toEqual({ limit: 20, offset: 0 });
    expect(parseLimitOffset(q("limit=0"), 20, 1000).limit).toBe(1000);
    expect(parseLimitOffset(q("limit=5000"), 20, 1000).limit).toBe(1000);
    expect(errorOf(() => parseLimitOffset(q("limit=x"), 20, 1000))).toBe("Invalid limit 'x' provided. Please provide a positive integer.");
    expect(errorOf(() => parseLimitOffset(q("limit=-1"), 20, 1000))).toBe(
      "Invalid limit '-1' provided. Please provide a positive integer >= 0.",
    );
    expect(errorOf(() => parseLimitOffset(q("offset=1.5"), 20, 1000))).toBe("Invalid offset '1.5' provided. Please provide an integer.");
    expect(errorOf(() => parseLimitOffset(q("offset=-3"), 20, 1000))).toBe(
      "Invalid offset '-3' provided. Please provide a positive integer >= 0.",
    );
    expect(errorOf(() => parseLimitOffset(q("limit=x&offset=y"), 20, 1000))).toMatch(/^Invalid limit/);
  });

  it("builds absolute-path links with the original params in order (Q1, Q2)", () => {
    const m = offsetMeta("/a/d/api/v0.5/form/", q("offset=10&limit=20&format=json&foo=bar&foo=baz&x=a:b/c d"), 20, 10, 100);
    expect(m.next).toBe("/a/d/api/v0.5/form/?format=json&foo=bar&foo=baz&x=a%3Ab%2Fc+d&limit=20&offset=30");
    expect(m.previous).toBe("/a/d/api/v0.5/form/?format=json&foo=bar&foo=baz&x=a%3Ab%2Fc+d&limit=20&offset=0");
    expect(offsetMeta("/p/", q(""), 20, 0, 20)).toEqual({ limit: 20, offset: 0, total_count: 20, next: null, previous: null });
    expect(pageLink("/p/", q("cursor=x&a=1"), ["cursor"], [["cursor", "y"]])).toBe("/p/?a=1&cursor=y");
  });

  it("count=false: no total, next from one extra row; other values of count are refused", () => {
    expect(uncountedOffsetMeta("/p/", q("count=false&limit=2"), 2, 2, true)).toEqual({
      limit: 2,
      offset: 2,
      total_count: null,
      next: "/p/?count=false&limit=2&offset=4",
      previous: "/p/?count=false&limit=2&offset=0",
    });
    expect(uncountedOffsetMeta("/p/", q("count=false"), 20, 0, false)).toMatchObject({ total_count: null, next: null, previous: null });
    expect(wantsCount(q(""))).toBe(true);
    expect(wantsCount(q("count=TRUE"))).toBe(true);
    expect(wantsCount(q("count=true&count=false"))).toBe(false);
    expect(wantsCount(q("count=0"))).toBe(false);
    expect(errorOf(() => wantsCount(q("count=maybe")))).toBe("Invalid count 'maybe' provided. Please provide true or false.");
  });

  it("IN lists go to D1 in chunks of at most 90 distinct values, every row returned", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => i);
    const seen: number[][] = [];
    const rows = await inChunks([...ids, 5, 7], async (chunk) => {
      seen.push(chunk);
      return chunk.map((id) => ({ id }));
    });
    expect(seen.map((c) => c.length)).toEqual([90, 90, 70]);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(await inChunks([], async () => [1])).toEqual([]);
  });

  it("checks order_by fields", () => {
    expect(parseOrderBy(["-received_on", "indexed_on"], ["received_on", "indexed_on", "id"], ["received_on", "indexed_on"], [])).toEqual([
      { field: "received_on", desc: true },
      { field: "indexed_on", desc: false },
    ]);
    expect(errorOf(() => parseOrderBy(["nope"], ["id"], [], []))).toBe("No matching 'nope' field for ordering on.");
    expect(errorOf(() => parseOrderBy(["-id"], ["id"], [], []))).toBe("The 'id' field does not allow ordering.");
  });
});

describe("dates", () => {
  it("accepts ISO dates and date-times with zones (Q5), rejects the rest", () => {
    expect(parseQueryDate("2026-10-01")).toBe("2026-10-01T00:00:00.000000Z");
    expect(parseQueryDate("2026-10-01T10:20")).toBe("2026-10-01T10:20:00.000000Z");
    expect(parseQueryDate("2026-10-01T10:20:30Z")).toBe("2026-10-01T10:20:30.000000Z");
    expect(parseQueryDate("2026-10-01T10:20:30.123456")).toBe("2026-10-01T10:20:30.123456Z");
    expect(parseQueryDate("2026-10-01T12:00:00+02:00")).toBe("2026-10-01T10:00:00.000000Z");
    expect(parseQueryDate("2026-10-01T12:00:00 02:00")).toBe("2026-10-01T10:00:00.000000Z");
    for (const bad of ["2026-13-01", "2026-02-30", "yesterday", "2026/10/01", ""]) expect(parseQueryDate(bad)).toBeNull();
  });

  it("Q5 takes the other ISO 8601 forms: basic, ordinal, week dates, hour-only times, unit fractions, 24:00", () => {
    const cases: [string, string][] = [
      ["20261001", "2026-10-01T00:00:00.000000Z"],
      ["20261001T102030Z", "2026-10-01T10:20:30.000000Z"],
      ["20261001T1020+0200", "2026-10-01T08:20:00.000000Z"],
      ["2026-10-01T10", "2026-10-01T10:00:00.000000Z"],
      ["2026-10-01T10Z", "2026-10-01T10:00:00.000000Z"],
      ["2026-10-01T10:30,5", "2026-10-01T10:30:30.000000Z"],
      ["2026-10-01T10.25", "2026-10-01T10:15:00.000000Z"],
      ["2026-10-01T10:20:30.1234567", "2026-10-01T10:20:30.123456Z"],
      ["2026-10-01T24:00", "2026-10-02T00:00:00.000000Z"],
      ["2026-10-01T10:00:00 Z", "2026-10-01T10:00:00.000000Z"],
      ["2026-10-01 10:00 -05:00", "2026-10-01T15:00:00.000000Z"],
      ["2026-274", "2026-10-01T00:00:00.000000Z"],
      ["2026274", "2026-10-01T00:00:00.000000Z"],
      ["2024-366", "2024-12-31T00:00:00.000000Z"],
      ["2026-W40-4", "2026-10-01T00:00:00.000000Z"],
      ["2026W404T12:00Z", "2026-10-01T12:00:00.000000Z"],
      ["2026-W40", "2026-09-28T00:00:00.000000Z"],
      ["2026-W01-1", "2025-12-29T00:00:00.000000Z"],
      ["2026-W53-7", "2027-01-03T00:00:00.000000Z"],
    ];
    for (const [input, stored] of cases) expect(parseQueryDate(input), input).toBe(stored);
    for (const bad of [
      "2025-366",
      "2026-W54",
      "2025-W53-1",
      "2026-W40-8",
      "2026-10-01T24:00:01",
      "2026-10-01T10:2030",
      "2026-10-01T25",
      "2026-10-01T10:00+24:00",
    ]) {
      expect(parseQueryDate(bad), bad).toBeNull();
    }
  });

  it("parses Django datetimes and prints isoformat", () => {
    expect(parseDjangoDateTime("2026-09-02 09:30")).toBe("2026-09-02T09:30:00.000000");
    expect(parseDjangoDateTime("2026-09-02T09:30:00.5+01:00")).toBe("2026-09-02T08:30:00.500000");
    expect(parseDjangoDateTime("x")).toBeNull();
    expect(isoformat("2026-09-02T09:30:00.000000")).toBe("2026-09-02T09:30:00");
    expect(isoformat("2026-09-02T09:30:00.500000")).toBe("2026-09-02T09:30:00.500000");
  });
});

describe("case dates from CaseXML", () => {
  const block = (dateModified: string | null, update: Record<string, string> = {}): CaseBlock => ({
    caseId: "c1",
    dateModified,
    userId: null,
    create: null,
    update,
    close: false,
    indices: [],
  });
  it("are stored in the one UTC form of form dates, whatever the phone sent", () => {
    const [a, b, c, d] = normalizeCaseDates([
      block("2026-12-01T11:00:00+02:00"),
      block("2026-12-01T10:00:00Z", { date_opened: "2026-11-30" }),
      block(null, { date_opened: "" }),
      block("2026-12-01T10:00:00.1234567Z"),
    ]);
    expect(a!.dateModified).toBe("2026-12-01T09:00:00.000000Z");
    expect(b!.dateModified).toBe("2026-12-01T10:00:00.000000Z");
    expect(b!.update.date_opened).toBe("2026-11-30T00:00:00.000000Z");
    expect(c!.dateModified).toBeNull();
    expect("date_opened" in c!.update).toBe(false);
    expect(d!.dateModified).toBe("2026-12-01T10:00:00.123456Z");
  });
  it("a value that is not a date is refused", () => {
    expect(() => normalizeCaseDates([block("last tuesday")])).toThrow(CaseBlockError);
    expect(() => normalizeCaseDates([block(null, { date_opened: "soon" })])).toThrow("Invalid date_opened 'soon' on case c1");
  });
});

describe("decimals", () => {
  it("prints str(Decimal(x)) and stores scale 10", () => {
    expect(exactFloat(31.1234)).toBe("31.123400000000000176214598468504846096038818359375");
    expect(pythonDecimalStr(31.1234)).toBe("31.123400000000000176214598468504846096038818359375");
    expect(pythonDecimalStr("31.41")).toBe("31.41");
    expect(pythonDecimalStr(" 031.5")).toBe("31.5");
    expect(pythonDecimalStr(12)).toBe("12");
    expect(pythonDecimalStr("abc")).toBeNull();
    expect(quantize10("31.41")).toBe("31.4100000000");
    expect(quantize10("31.123400000000000176214598468504846096038818359375")).toBe("31.1234000000");
    expect(quantize10("-0.00000000005")).toBe("0.0000000000");
    expect(quantize10("1e3")).toBe("1000.0000000000");
  });
});

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

describe("serialisation", () => {
  it("sorts JSON keys at every level and keeps non-ASCII", () => {
    expect(sortedJson({ b: 1, a: { d: "é", c: [{ z: 1, y: 2 }] } })).toBe('{"a":{"c":[{"y":2,"z":1}],"d":"é"},"b":1}');
  });

  it("writes tastypie XML", () => {
    expect(
      toTastypieXml({ meta: { limit: 1, next: "?a=1&b=2", previous: null, ok: true }, objects: [{ n: "x", f: 1.5 }] }, "response"),
    ).toBe(
      '<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<response><meta type="hash"><limit type="integer">1</limit><next>?a=1&amp;b=2</next><ok type="boolean">True</ok><previous type="null"/></meta><objects type="list"><object><f type="float">1.5</f><n>x</n></object></objects></response>',
    );
  });

  it("writes HQ's CustomXMLSerializer XML: <id> children become id attributes at every level; nested dicts are hashes", () => {
    const data = {
      meta: { limit: null },
      objects: [{ id: "a1", name: "App", versions: [{ id: "b1", version: 2 }], modules: [{ name: { en: "M" } }] }],
    };
    expect(toTastypieXml(data, "response", { idAttribute: true })).toBe(
      '<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<response><meta type="hash"><limit type="null"/></meta><objects type="list">' +
        '<object id="a1"><modules type="list"><object type="hash"><name type="hash"><en>M</en></name></object></modules><name>App</name>' +
        '<versions type="list"><object type="hash" id="b1"><version type="integer">2</version></object></versions></object></objects></response>',
    );
    expect(toTastypieXml({ id: "u&1", username: "x" }, "object", { idAttribute: true })).toBe(
      "<?xml version='1.0' encoding='utf-8'?>\n<object id=\"u&amp;1\"><username>x</username></object>",
    );
    expect(toTastypieXml({ id: 3, name: "t" }, "object")).toBe(
      "<?xml version='1.0' encoding='utf-8'?>\n<object><id type=\"integer\">3</id><name>t</name></object>",
    );
  });

  it("chooses the format: format= wins, then Accept, else JSON", () => {
    expect(determineFormat("xml", "application/json")).toBe("xml");
    expect(determineFormat("json", "application/xml")).toBe("json");
    expect(determineFormat(undefined, "application/xml")).toBe("xml");
    expect(determineFormat(undefined, "text/html,application/xml")).toBe("json");
    expect(determineFormat("yaml", undefined)).toBe("json");
  });
});

describe("credentials", () => {
  it("picks the scheme like determine_authtype_from_header", () => {
    expect(extractCredentials("ApiKey a@b.c:k:1")).toEqual({ kind: "apikey", username: "a@b.c", key: "k:1", inQuery: false });
    expect(extractCredentials("APIKEY a:k")).toMatchObject({ kind: "apikey" });
    expect(extractCredentials(`Basic ${btoa("A@B.c:pw")}`)).toEqual({ kind: "basic", username: "a@b.c", password: "pw" });
    expect(extractCredentials(undefined, "u", "k")).toEqual({ kind: "apikey", username: "u", key: "k", inQuery: true });
    expect(extractCredentials("Digest x")).toEqual({ kind: "digest" });
    expect(extractCredentials("Bearer x")).toEqual({ kind: "bearer" });
    expect(extractCredentials(undefined)).toEqual({ kind: "digest" });
  });
});

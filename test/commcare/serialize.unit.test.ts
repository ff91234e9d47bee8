import { describe, expect, it } from "vitest";
import { determineFormat } from "../../src/commcare/serialize/format";
import { sortedJson } from "../../src/commcare/serialize/json";
import { toTastypieXml } from "../../src/commcare/serialize/xml";

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

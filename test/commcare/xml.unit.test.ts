import { describe, expect, it } from "vitest";
import { findCaseBlocks, caseToXml } from "../../src/commcare/case/casexml";
import { parseXml, textOf, XmlError } from "../../src/commcare/xml/parse";
import { writeXml } from "../../src/commcare/xml/write";
import { xformToJson } from "../../src/commcare/xml/xform-json";

const reason = (xml: string) => {
  try {
    parseXml(xml);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(XmlError);
    return (e as XmlError).message;
  }
};

describe("XML parser", () => {
  it("reads elements, attributes, text, CDATA, entities and character references, keeping prefixes", () => {
    const root = parseXml(
      `<?xml version="1.0"?><!-- c --><n0:a xmlns:n0="urn:x" b='1 &amp; 2'>x &lt;y&gt; &#65;&#x42;<![CDATA[<raw>]]><c/></n0:a>`,
    );
    expect(root.name).toBe("n0:a");
    expect(root.attrs).toEqual([
      ["xmlns:n0", "urn:x"],
      ["b", "1 & 2"],
    ]);
    expect(textOf(root)).toBe("x <y> AB<raw>");
  });

  it("rejects DOCTYPE and ENTITY declarations (XXE)", () => {
    expect(reason(`<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>`)).toMatch(
      /DOCTYPE and ENTITY declarations are not allowed: line 1, column 1/,
    );
  });

  it("names the reason, line and column of malformed input", () => {
    expect(reason("<a>\n  <b></a>")).toBe("mismatched tag: line 2, column 6");
    expect(reason("<a>")).toMatch(/^no element found/);
    expect(reason("<a></a><b/>")).toMatch(/^junk after document element/);
    expect(reason("<a x=1/>")).toMatch(/^not well-formed/);
    expect(reason("<a x='1' x='2'/>")).toMatch(/^duplicate attribute/);
    expect(reason("<a>&nope;</a>")).toMatch(/^undefined entity &nope;/);
    expect(reason("")).toMatch(/^no element found/);
  });

  it("writes escaped XML", () => {
    expect(writeXml({ name: "a", attrs: [["q", 'x"<']], children: ["1 & 2", { name: "b", attrs: [], children: [] }] })).toBe(
      '<a q="x&quot;&lt;">1 &amp; 2<b/></a>',
    );
  });
});

describe("XForm → JSON", () => {
  it("uses #type, @xmlns, @attributes, local names, lists for repeats and #text beside attributes", () => {
    const root = parseXml(`<data xmlns="http://x/f" uiVersion="1" name="F"><q1>v</q1><g><r>1</r><r>2</r></g><e/><t a="1">txt</t>
      <n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:1</n1:instanceID></n1:meta></data>`);
    expect(xformToJson(root)).toEqual({
      "#type": "data",
      "@xmlns": "http://x/f",
      "@uiVersion": "1",
      "@name": "F",
      q1: "v",
      g: { r: ["1", "2"] },
      e: "",
      t: { "@a": "1", "#text": "txt" },
      meta: { "@xmlns": "http://openrosa.org/jr/xforms", instanceID: "uuid:1" },
    });
  });
});

describe("CaseXML v2", () => {
  const xml = `<data xmlns="http://x"><grp><n0:case xmlns:n0="http://commcarehq.org/case/transaction/v2" case_id="c1" date_modified="2026-01-01T00:00:00Z" user_id="u1">
    <n0:create><n0:case_type>t</n0:case_type><n0:case_name>N</n0:case_name><n0:owner_id>o</n0:owner_id></n0:create>
    <n0:update><n0:p>v</n0:p></n0:update><n0:index><n0:parent case_type="h" relationship="child">c0</n0:parent></n0:index><n0:close/>
  </n0:case></grp><case case_id="not-v2"/></data>`;

  it("finds v2 blocks at any depth and reads create, update, index and close", () => {
    expect(findCaseBlocks(parseXml(xml))).toEqual([
      {
        caseId: "c1",
        dateModified: "2026-01-01T00:00:00Z",
        userId: "u1",
        create: { caseType: "t", caseName: "N", ownerId: "o" },
        update: { p: "v" },
        close: true,
        indices: [{ identifier: "parent", caseType: "h", relationship: "child", referencedId: "c0" }],
      },
    ]);
  });

  it("serialises a case as a v2 block", () => {
    const out = writeXml(
      caseToXml({
        caseId: "c1",
        caseType: "t",
        name: "N",
        ownerId: "o",
        userId: "u1",
        dateModified: "d",
        closed: true,
        properties: { p: "v" },
        indices: [{ identifier: "parent", caseType: "h", relationship: "child", referencedId: "c0" }],
      }),
    );
    expect(out).toBe(
      '<case xmlns="http://commcarehq.org/case/transaction/v2" case_id="c1" date_modified="d" user_id="u1"><create><case_type>t</case_type><case_name>N</case_name><owner_id>o</owner_id></create><update><p>v</p></update><index><parent case_type="h" relationship="child">c0</parent></index><close/></case>',
    );
  });
});

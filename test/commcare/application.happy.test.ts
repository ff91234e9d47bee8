import { describe, expect, it } from "vitest";
import { ccGet, ccJson, ccXml } from "../helpers/commcare";

describe("application (§3.1)", () => {
  it("lists every working copy, not paginated, with modules, forms, questions and versions", async () => {
    const page = await ccJson("/a/demo/api/v0.5/application/?limit=1&offset=1");
    expect(page.meta).toEqual({ limit: null, next: null, offset: 0, previous: null, total_count: 2 });
    expect(page.objects.map((a: any) => a.name)).toEqual(["Household Survey", "Clinic Referrals"]);
    const app = page.objects[0];
    expect(Object.keys(app)).toEqual([
      "build_comment",
      "built_from_app_id",
      "built_on",
      "id",
      "is_released",
      "modules",
      "name",
      "resource_uri",
      "version",
      "versions",
    ]);
    expect(app.resource_uri).toBe("https://trialedge.test/a/demo/api/v0.5/application/a1b2c3d4e5f60718293a4b5c6d7e8f90/");
    expect(app.built_on).toBeNull();
    expect(app.versions).toEqual([
      {
        build_comment: "First field release",
        built_on: "2026-09-15T10:00:00.000000Z",
        id: "b1b2c3d4e5f60718293a4b5c6d7e8f91",
        is_released: true,
        version: 2,
      },
      {
        build_comment: "Adds member visits",
        built_on: "2026-10-20T10:00:00.000000Z",
        id: "b1b2c3d4e5f60718293a4b5c6d7e8f92",
        is_released: false,
        version: 3,
      },
    ]);
    expect(app.modules[0]).toMatchObject({ name: { en: "Households", fra: "Ménages" }, case_type: "household", unique_id: "m-household" });
    expect(app.modules[0].forms[0]).toMatchObject({ xmlns: "http://demo.test/household/register", unique_id: "f-household-register" });
    expect(app.modules[0].forms[0].questions[2]).toMatchObject({
      value: "/data/village",
      type: "Select",
      options: [
        { label: "North", value: "north" },
        { label: "South", value: "south" },
      ],
    });
  });

  it("detail of a build: built_from_app_id, built_on, no versions; extras merges the raw document", async () => {
    const build = await ccJson("/a/demo/api/application/v1/b1b2c3d4e5f60718293a4b5c6d7e8f91/");
    expect(build).toMatchObject({ built_from_app_id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", is_released: true, version: 2, versions: [] });
    expect(build.modules).toHaveLength(2);
    const extras = await ccJson("/a/demo/api/v0.5/application/a1b2c3d4e5f60718293a4b5c6d7e8f90/?extras=Yes");
    expect(extras.doc_type).toBe("Application");
    expect(extras.name).toBe("Household Survey");
    expect((await ccJson("/a/demo/api/v0.5/application/a1b2c3d4e5f60718293a4b5c6d7e8f90/?extras=maybe")).doc_type).toBeUndefined();
  });
});

describe("XML for applications (§2.3: tastypie XML for every non-form resource)", () => {
  it("application list and detail by format=xml or Accept; ids become attributes (CustomXMLSerializer)", async () => {
    const list = await ccXml("/a/demo/api/v0.5/application/?format=xml");
    expect(
      list.startsWith(
        `<?xml version='1.0' encoding='utf-8'?>\n<response><meta type="hash"><limit type="null"/><next type="null"/><offset type="integer">0</offset><previous type="null"/><total_count type="integer">2</total_count></meta><objects type="list"><object id="a1b2c3d4e5f60718293a4b5c6d7e8f90"><build_comment type="null"/>`,
      ),
    ).toBe(true);
    expect(list).toContain(
      '<modules type="list"><object type="hash"><case_properties type="list"><value>size</value><value>village</value><value>visit_count</value></case_properties><case_type>household</case_type><forms type="list"><object type="hash">',
    );
    expect(list).toContain('<name type="hash"><en>Households</en><fra>Ménages</fra></name>');
    expect(list).toContain(
      '<versions type="list"><object type="hash" id="b1b2c3d4e5f60718293a4b5c6d7e8f91"><build_comment>First field release</build_comment>',
    );
    expect(list).toContain('<object id="c1b2c3d4e5f60718293a4b5c6d7e8f93">');
    expect(list).not.toContain("<id>");
    const detail = await ccXml("/a/demo/api/application/v1/b1b2c3d4e5f60718293a4b5c6d7e8f91/", { accept: "application/xml" });
    expect(detail).toMatch(
      /^<\?xml version='1\.0' encoding='utf-8'\?>\n<object id="b1b2c3d4e5f60718293a4b5c6d7e8f91"><build_comment>First field release<\/build_comment><built_from_app_id>a1b2c3d4e5f60718293a4b5c6d7e8f90<\/built_from_app_id>/,
    );
    expect(detail).toContain('<is_released type="boolean">True</is_released>');
    expect(detail).toContain('<version type="integer">2</version><versions type="list"/></object>');
    expect(
      (await ccGet("/a/demo/api/v0.5/application/?format=json", undefined, { accept: "application/xml" })).headers.get("content-type"),
    ).toContain("json");
  });
});

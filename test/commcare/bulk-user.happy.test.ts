import { describe, expect, it } from "vitest";
import { ccJson, ccXml } from "../helpers/commcare";

describe("bulk-user (§3.4)", () => {
  it("lists web members and mobile workers with the default keys", async () => {
    const page = await ccJson("/a/demo/api/v0.5/bulk-user/");
    expect(page.meta.total_count).toBe(5);
    expect(Object.keys(page.objects[0])).toEqual(["email", "first_name", "id", "last_name", "phone_numbers", "resource_uri", "username"]);
    expect(page.objects.map((u: any) => u.username)).not.toContain("admin@other.test");
  });

  it("applies offset once and reports the total of all matches (Q11)", async () => {
    const page = await ccJson("/a/demo/api/v0.5/bulk-user/?limit=2&offset=2");
    expect(page.meta).toMatchObject({
      total_count: 5,
      limit: 2,
      offset: 2,
      next: "/a/demo/api/v0.5/bulk-user/?limit=2&offset=4",
      previous: "/a/demo/api/v0.5/bulk-user/?limit=2&offset=0",
    });
    expect(page.objects).toHaveLength(2);
    const all = await ccJson("/a/demo/api/v0.5/bulk-user/?limit=100");
    expect(page.objects.map((u: any) => u.id)).toEqual(all.objects.slice(2, 4).map((u: any) => u.id));
  });

  it("q searches names and usernames; fields limits the keys exactly", async () => {
    expect((await ccJson("/a/demo/api/v0.5/bulk-user/?q=wanda")).objects.map((u: any) => u.first_name)).toEqual(["Wanda"]);
    expect((await ccJson("/a/demo/api/v0.5/bulk-user/?q=worker*")).meta.total_count).toBe(3);
    expect((await ccJson("/a/demo/api/v0.5/bulk-user/?q=last_name:Walker")).meta.total_count).toBe(1);
    const slim = await ccJson("/a/demo/api/v0.5/bulk-user/?fields=username&fields=phone_numbers&q=worker1");
    expect(slim.objects).toEqual([{ username: "worker1@demo.commcarehq.org", phone_numbers: ["+15550100001"] }]);
  });
});

describe("XML for bulk users (§2.3: tastypie XML for every non-form resource)", () => {
  it("bulk-user list as XML, with fields and paging meta", async () => {
    const xml = await ccXml("/a/demo/api/v0.5/bulk-user/?format=xml&q=worker1");
    expect(xml).toBe(
      `<?xml version='1.0' encoding='utf-8'?>\n<response><meta type="hash"><limit type="integer">20</limit><next type="null"/><offset type="integer">0</offset><previous type="null"/><total_count type="integer">1</total_count></meta>` +
        `<objects type="list"><object id="0b000000000000000000000000000004"><email/><first_name>Wanda</first_name><last_name>Worker</last_name><phone_numbers type="list"><value>+15550100001</value></phone_numbers>` +
        `<resource_uri>https://trialedge.test/a/demo/api/v0.5/bulk-user/0b000000000000000000000000000004/</resource_uri><username>worker1@demo.commcarehq.org</username></object></objects></response>`,
    );
    const slim = await ccXml("/a/demo/api/bulk-user/v1/?fields=username&limit=1", { accept: "application/xml" });
    expect(slim).toContain('<objects type="list"><object><username>');
    expect(slim).toContain("<next>/a/demo/api/bulk-user/v1/?fields=username&amp;limit=1&amp;offset=1</next>");
  });
});

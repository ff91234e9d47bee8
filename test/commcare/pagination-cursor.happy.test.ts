import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ccCall, ccJson, submit } from "../helpers/commcare";

type Page = {
  meta: { next: string | null; limit: number; offset: number | null; previous: string | null; total_count: number };
  objects: any[];
};

/** Walks a list by its `meta.next` links, calling `between` after each page. */
async function walk(first: string, key: (o: any) => string, between: (page: number) => Promise<void> = async () => {}) {
  const seen: string[] = [];
  let url: string | null = first;
  let page = 0;
  while (url) {
    const body: Page = await ccJson<Page>(url);
    seen.push(...body.objects.map(key));
    url = body.meta.next;
    page += 1;
    await between(page);
    if (page > 100) throw new Error("runaway paging");
  }
  return seen;
}

let n = 0;
const formXml = () => {
  n += 1;
  const id = `e0000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return `<data xmlns="http://demo.test/extra"><x>${n}</x><n0:case xmlns:n0="http://commcarehq.org/case/transaction/v2" case_id="extra-case-${n}" date_modified="2026-11-01T00:00:00Z" user_id="u"><n0:create><n0:case_type>extra</n0:case_type><n0:case_name>Extra ${n}</n0:case_name></n0:create></n0:case><meta xmlns="http://openrosa.org/jr/xforms"><instanceID>uuid:${id}</instanceID></meta></data>`;
};

describe("keyset cursor (Q15): no row skipped or repeated while rows are added", () => {
  it("forms, newest first: inserts between pages", async () => {
    const original = (await ccJson<Page>("/a/demo/api/v0.5/form/?limit=1000")).objects.map((f) => f.id);
    const ids = await walk(
      "/a/demo/api/v0.5/form/?cursor=&limit=4",
      (f) => f.id,
      async () => {
        expect((await submit(formXml())).status).toBe(201);
      },
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, original.length)).toEqual(original);
  });

  it("cursor meta: next carries the cursor and the original params, offset and previous are null", async () => {
    const page = await ccJson<Page>("/a/demo/api/v0.5/form/?xmlns=http://demo.test/household/register&cursor=&limit=5");
    expect(page.meta.offset).toBeNull();
    expect(page.meta.previous).toBeNull();
    expect(page.meta.next).toMatch(
      /^\/a\/demo\/api\/v0\.5\/form\/\?xmlns=http%3A%2F%2Fdemo\.test%2Fhousehold%2Fregister&limit=5&cursor=[A-Za-z0-9_-]+$/,
    );
    const last = await walk("/a/demo/api/v0.5/form/?xmlns=http://demo.test/household/register&cursor=&limit=5", (f) => f.id);
    expect(last).toHaveLength(12);
  });

  it("cases, ascending, with every row on the same timestamp: the id tie-break keeps pages disjoint", async () => {
    await env.DB.prepare("update cc_cases set server_modified_on = '2026-10-05T00:00:00.000000Z' where domain_id = 1").run();
    const total = (await ccJson<Page>("/a/demo/api/v0.5/case/")).meta.total_count;
    const byCursor = await walk(
      "/a/demo/api/v0.5/case/?cursor=&limit=3",
      (c) => c.id,
      async (page) => {
        if (page === 2) expect((await submit(formXml())).status).toBe(201);
      },
    );
    expect(new Set(byCursor).size).toBe(byCursor.length);
    expect(byCursor.length).toBe(total + 1);
    const byOffset = await walk("/a/demo/api/v0.5/case/?limit=3", (c) => c.id);
    expect(new Set(byOffset).size).toBe(byOffset.length);
    expect(byOffset.length).toBe(total + 1);
  });

  it("v0.6 locations by last_modified: a location added mid-walk is seen once, nothing repeats", async () => {
    const ids = await walk(
      "/a/demo/api/v0.6/location/?order_by=last_modified&cursor=&limit=1",
      (l) => l.location_id,
      async (page) => {
        if (page === 1)
          expect((await ccCall("POST", "/a/demo/api/v0.6/location/", { name: `Mid ${page}`, location_type_code: "state" })).status).toBe(
            201,
          );
      },
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(4);
  });
});

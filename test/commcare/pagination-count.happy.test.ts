import { describe, expect, it } from "vitest";
import { get } from "../helpers/http";
import { ccError, ccGet, ccJson } from "../helpers/commcare";

type Page = {
  meta: { limit: number; next: string | null; offset: number | null; previous: string | null; total_count: number | null };
  objects: any[];
};

/** Every row of a list, following `meta.next`, and the metas seen. */
async function walk(first: string, key: (o: any) => string) {
  const ids: string[] = [];
  const metas: Page["meta"][] = [];
  let url: string | null = first;
  while (url) {
    const page: Page = await ccJson<Page>(url);
    ids.push(...page.objects.map(key));
    metas.push(page.meta);
    url = page.meta.next;
    if (metas.length > 50) throw new Error("runaway paging");
  }
  return { ids, metas };
}

describe("count=false: no total_count, so a deep or cursor page avoids the full count (§5)", () => {
  it("forms by offset: total_count null, next from one extra row, the same rows as the counted list", async () => {
    const counted = await ccJson<Page>("/a/demo/api/v0.5/form/?limit=1000");
    expect(counted.meta.total_count).toBeGreaterThan(10);
    const page = await ccJson<Page>("/a/demo/api/v0.5/form/?count=false&limit=5&offset=5");
    expect(page.meta).toEqual({
      limit: 5,
      offset: 5,
      total_count: null,
      next: "/a/demo/api/v0.5/form/?count=false&limit=5&offset=10",
      previous: "/a/demo/api/v0.5/form/?count=false&limit=5&offset=0",
    });
    expect(Object.keys(page.meta)).toContain("total_count");
    const { ids, metas } = await walk("/a/demo/api/v0.5/form/?count=false&limit=5", (f) => f.id);
    expect(ids).toEqual(counted.objects.map((f) => f.id));
    expect(metas.every((m) => m.total_count === null)).toBe(true);
    expect(metas.at(-1)!.next).toBeNull();
    // exactly a full last page: no next, no empty extra page
    const exact = await ccJson<Page>(`/a/demo/api/v0.5/form/?count=false&limit=${counted.objects.length}`);
    expect(exact.meta.next).toBeNull();
    expect(exact.objects).toHaveLength(counted.objects.length);
  });

  it("count is reserved, not a filter, on forms and cases; count=true counts", async () => {
    expect((await ccJson<Page>("/a/demo/api/v0.5/form/?count=false")).objects.length).toBe(20);
    expect((await ccJson<Page>("/a/demo/api/v0.5/case/?count=false&type=household")).objects.length).toBe(12);
    expect((await ccJson<Page>("/a/demo/api/v0.5/case/?count=true&type=household")).meta.total_count).toBe(12);
    expect((await ccJson<Page>("/a/demo/api/v0.5/case/?count=1")).meta.total_count).toBe(20);
  });

  it("cases by cursor: total_count null on every page, every case once", async () => {
    const all = (await ccJson<Page>("/a/demo/api/v0.5/case/?limit=100")).objects.map((c) => c.id);
    const { ids, metas } = await walk("/a/demo/api/v0.5/case/?count=false&cursor=&limit=7", (c) => c.id);
    expect(ids).toEqual(all);
    expect(metas.every((m) => m.total_count === null && m.offset === null)).toBe(true);
    expect(metas[0]!.next).toMatch(/^\/a\/demo\/api\/v0\.5\/case\/\?count=false&limit=7&cursor=/);
  });

  it("v0.6 locations honour count=false (JSON and XML); v0.5 locations ignore it as an unknown parameter", async () => {
    const page = await ccJson<Page>("/a/demo/api/v0.6/location/?count=false&limit=2");
    expect(page.meta).toMatchObject({ total_count: null, next: "/a/demo/api/v0.6/location/?count=false&limit=2&offset=2" });
    expect(page.objects).toHaveLength(2);
    const xml = await (await ccGet("/a/demo/api/v0.6/location/?count=false&format=xml")).text();
    expect(xml).toContain('<total_count type="null"/>');
    expect((await ccJson<Page>("/a/demo/api/v0.5/location/?count=false")).meta.total_count).toBe(3);
  });

  it("any other value of count → 400", async () => {
    for (const list of ["v0.5/form/", "v0.5/case/", "v0.6/location/"]) {
      expect(await ccError(await ccGet(`/a/demo/api/${list}?count=maybe`)), list).toEqual({
        status: 400,
        error: "Invalid count 'maybe' provided. Please provide true or false.",
      });
    }
  });

  it("is documented on the three list routes", async () => {
    const doc = (await (await get("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { description?: string; parameters?: { name: string }[] }>>;
    };
    for (const path of ["/a/{domain}/api/v0.5/form/", "/a/{domain}/api/case/v1/", "/a/{domain}/api/v0.6/location/"]) {
      const op = doc.paths[path]!.get!;
      expect(op.description, path).toContain("`count=false`");
      expect(
        op.parameters!.map((p) => p.name),
        path,
      ).toContain("count");
    }
  });
});

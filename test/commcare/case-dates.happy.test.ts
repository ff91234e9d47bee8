import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ccGet, ccJson, submit } from "../helpers/commcare";

const CASE_NS = "http://commcarehq.org/case/transaction/v2";
const caseForm = (instanceId: string, caseId: string, dateModified: string, inner: string) =>
  `<data xmlns="http://demo.test/dates"><n0:case xmlns:n0="${CASE_NS}" case_id="${caseId}" date_modified="${dateModified}" user_id="u-dates">${inner}</n0:case>` +
  `<meta xmlns="http://openrosa.org/jr/xforms"><instanceID>uuid:${instanceId}</instanceID></meta></data>`;
const create = (name: string) => `<n0:create><n0:case_type>dated</n0:case_type><n0:case_name>${name}</n0:case_name></n0:create>`;

type Page = {
  meta: { total_count: number };
  objects: { id: string; date_modified: string; date_closed: string | null; properties: Record<string, string> }[];
};
const list = (q: string) => ccJson<Page>(`/a/demo/api/v0.5/case/?type=dated&${q}`);

describe("case dates are stored in one UTC form, so date filters and order_by compare correctly", () => {
  it("an offset timestamp and a value without fraction digits", async () => {
    // A: 11:00+02:00 = 09:00Z (sorts AFTER B as raw text); B: 10:00Z without fraction digits
    expect((await submit(caseForm("dates-a", "dated-a", "2026-12-01T11:00:00+02:00", create("A")))).status).toBe(201);
    expect((await submit(caseForm("dates-b", "dated-b", "2026-12-01T10:00:00Z", create("B")))).status).toBe(201);

    const a = await ccJson(`/a/demo/api/v0.5/case/dated-a/`);
    expect(a.date_modified).toBe("2026-12-01T09:00:00.000000Z");
    expect(a.properties.date_opened).toBe("2026-12-01T09:00:00.000000Z");
    const stored = await env.DB.prepare(
      "select id, modified_on, opened_on from cc_cases where id in ('dated-a', 'dated-b') order by id",
    ).all();
    expect(stored.results).toEqual([
      { id: "dated-a", modified_on: "2026-12-01T09:00:00.000000Z", opened_on: "2026-12-01T09:00:00.000000Z" },
      { id: "dated-b", modified_on: "2026-12-01T10:00:00.000000Z", opened_on: "2026-12-01T10:00:00.000000Z" },
    ]);

    const ids = (p: Page) => p.objects.map((o) => o.id);
    expect(ids(await list("order_by=date_modified"))).toEqual(["dated-a", "dated-b"]);
    expect(ids(await list("order_by=-date_modified"))).toEqual(["dated-b", "dated-a"]);
    // inclusive bounds hit exactly the stored instants
    expect(ids(await list("date_modified_start=2026-12-01T09:00:00Z&date_modified_end=2026-12-01T09:00:00Z"))).toEqual(["dated-a"]);
    expect(ids(await list("date_modified_end=2026-12-01T10:00:00Z"))).toEqual(["dated-a", "dated-b"]);
    expect(ids(await list("date_modified_start=2026-12-01T10:00:00Z"))).toEqual(["dated-b"]);
    expect(ids(await list("date_modified_start=2026-12-01T11:30:00%2B02:00"))).toEqual(["dated-b"]);
  });

  it("close and date_opened updates are normalised too; CaseXML shows the stored form", async () => {
    expect(
      (
        await submit(
          caseForm(
            "dates-c",
            "dated-c",
            "2026-12-02",
            create("C") + "<n0:update><n0:date_opened>2026-11-30T23:30:00-01:00</n0:date_opened></n0:update><n0:close/>",
          ),
        )
      ).status,
    ).toBe(201);
    const c = await ccJson(`/a/demo/api/v0.5/case/dated-c/`);
    expect(c).toMatchObject({ closed: true, date_modified: "2026-12-02T00:00:00.000000Z", date_closed: "2026-12-02T00:00:00.000000Z" });
    expect(c.properties.date_opened).toBe("2026-12-01T00:30:00.000000Z");
    const xml = await (await ccGet(`/a/demo/api/v0.5/case/dated-c/?format=xml`)).text();
    expect(xml).toContain('date_modified="2026-12-02T00:00:00.000000Z"');
  });

  it("a date_modified that is not a date → 400, nothing stored", async () => {
    const before = (await env.DB.prepare("select count(*) n from cc_forms").first<{ n: number }>())!.n;
    const res = await submit(caseForm("dates-bad", "dated-bad", "tuesday", create("Bad")));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Invalid date_modified 'tuesday' on case dated-bad");
    expect((await env.DB.prepare("select count(*) n from cc_forms").first<{ n: number }>())!.n).toBe(before);
    expect((await ccGet("/a/demo/api/v0.5/case/dated-bad/")).status).toBe(404);
  });
});

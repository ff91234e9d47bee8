import { describe, expect, it } from "vitest";
import { ARCHIVED_FORM_ID, CC_DEMO } from "../../src/seed/commcare-demo";
import { ccJson } from "../helpers/commcare";

type Page = {
  meta: { total_count: number | null; next: string | null; limit: number };
  objects: { id: string; received_on: string; server_modified_on: string; form: Record<string, unknown> }[];
};

/** commcare-export's FormFilterSinceParams: the filter a date_modified checkpoint resumes with. */
const sinceFilter = (gte: string) => {
  const missing = { missing: { field: "server_modified_on", null_value: true, existence: true } };
  return JSON.stringify({
    filter: {
      or: [
        { and: [{ not: missing }, { range: { server_modified_on: { gte } } }] },
        { and: [missing, { range: { received_on: { gte } } }] },
      ],
    },
  });
};
const q = (params: [string, string][]) => new URLSearchParams(params).toString();

describe.each(["/a/demo/api/v0.5/form/", "/a/demo/api/form/v1/"])("form _search at %s", (list) => {
  it("the legacy checkpoint's filter and two order_by keys give the forms since the checkpoint, oldest first", async () => {
    const all = await ccJson<Page>(`${list}?order_by=received_on&limit=100`);
    const since = all.objects[9]!.server_modified_on;
    const naive = since.replace(/Z$/, ""); // Python isoformat() of a naive datetime
    const page = await ccJson<Page>(
      `${list}?${q([
        ["limit", "1000"],
        ["_search", sinceFilter(naive)],
        ["order_by", "server_modified_on"],
        ["order_by", "received_on"],
      ])}`,
    );
    const expected = all.objects.slice(9).map((f) => f.id);
    expect(page.objects.map((f) => f.id)).toEqual(expected);
    expect(page.meta.total_count).toBe(expected.length);
    expect(page.objects.map((f) => f.id)).not.toContain(ARCHIVED_FORM_ID);
    const byParam = await ccJson<Page>(`${list}?received_on_start=${encodeURIComponent(since)}&order_by=received_on&limit=100`);
    expect(byParam.objects.map((f) => f.id)).toEqual(expected);
  });

  it("term, terms, not, lt and the legacy from/match_all shape", async () => {
    const visits = await ccJson<Page>(
      `${list}?${q([
        ["_search", JSON.stringify({ filter: { term: { xmlns: "http://demo.test/household/visit" } } })],
        ["limit", "100"],
      ])}`,
    );
    expect(visits.meta.total_count).toBe(11); // 12 visits, one archived
    expect(visits.objects.every((f) => f.form["@xmlns"] === "http://demo.test/household/visit")).toBe(true);
    const two = await ccJson<Page>(
      `${list}?${q([["_search", JSON.stringify({ filter: { terms: { xmlns: ["http://demo.test/member/register", "http://demo.test/referral/open"] } } })]])}`,
    );
    expect(two.meta.total_count).toBe(8);
    const notVisits = await ccJson<Page>(
      `${list}?${q([["_search", JSON.stringify({ filter: { not: { term: { xmlns: "http://demo.test/household/visit" } } } })]])}`,
    );
    expect(notVisits.meta.total_count).toBe(20);
    const byUser = await ccJson<Page>(
      `${list}?${q([["_search", JSON.stringify({ filter: { term: { "form.meta.userID": CC_DEMO.workers[0]!.uuid.toUpperCase() } } })]])}`,
    );
    expect(byUser.meta.total_count).toBeGreaterThan(0);
    const early = await ccJson<Page>(
      `${list}?${q([["_search", JSON.stringify({ filter: { range: { received_on: { lt: "2026-10-01T12:00:00" } } } })]])}`,
    );
    expect(early.objects.map((f) => f.received_on).every((d) => d < "2026-10-01T12:00:00")).toBe(true);
    expect(early.meta.total_count).toBe(3);
    const legacy = JSON.stringify({ filter: { and: [{ match_all: {} }, { range: { received_on: { from: "2026-10-01T12:00:00" } } }] } });
    expect((await ccJson<Page>(`${list}?${q([["_search", legacy]])}`)).meta.total_count).toBe(31 - 3);
  });

  it("keyset paging over a _search with two order keys walks the same rows as offset paging", async () => {
    const params: [string, string][] = [
      ["_search", sinceFilter("2026-10-01T15:00:00")],
      ["order_by", "server_modified_on"],
      ["order_by", "-received_on"],
      ["limit", "4"],
    ];
    const byOffset: string[] = [];
    let next: string | null = `${list}?${q(params)}`;
    while (next) {
      const page: Page = await ccJson<Page>(next);
      byOffset.push(...page.objects.map((f) => f.id));
      next = page.meta.next;
    }
    const byCursor: string[] = [];
    next = `${list}?${q([...params, ["cursor", ""]])}`;
    while (next) {
      const page: Page = await ccJson<Page>(next);
      byCursor.push(...page.objects.map((f) => f.id));
      next = page.meta.next;
    }
    expect(byCursor).toEqual(byOffset);
    expect(new Set(byOffset).size).toBe(byOffset.length);
    expect(byOffset.length).toBeGreaterThan(8);
  });
});

import { describe, expect, it } from "vitest";
import { ccJson } from "../helpers/commcare";
import { ARCHIVED_FORM_ID, householdCaseId, formId } from "../../src/seed/commcare-demo";

type Page = { meta: { limit: number; next: string | null; offset: number; previous: string | null; total_count: number }; objects: any[] };
const list = (q = "") => ccJson<Page>(`/a/demo/api/v0.5/form/${q}`);

describe("form list and detail (§3.2)", () => {
  it("newest first, 20 per page, archived hidden, absolute next link (Q1) and previous null at 0 (Q2)", async () => {
    const page = await list();
    expect(page.meta).toEqual({ limit: 20, offset: 0, previous: null, total_count: 31, next: "/a/demo/api/v0.5/form/?limit=20&offset=20" });
    const received = page.objects.map((f) => f.received_on);
    expect(received).toEqual([...received].sort().reverse());
    expect(page.objects.some((f) => f.id === ARCHIVED_FORM_ID)).toBe(false);
    const second = await list("?offset=20&limit=20");
    expect(second.meta.previous).toBe("/a/demo/api/v0.5/form/?limit=20&offset=0");
    expect(second.meta.next).toBeNull();
    expect(second.objects).toHaveLength(11);
    const mid = await list("?offset=10&limit=20");
    expect(mid.meta.previous).toBe("/a/demo/api/v0.5/form/?limit=20&offset=0");
    expect((await list("?offset=500")).objects).toEqual([]);
  });

  it("object shape: form JSON with #type, @xmlns and meta; metadata; absolute resource_uri (Q13)", async () => {
    const f = await ccJson(`/a/demo/api/form/v1/${formId(1)}/`);
    expect(Object.keys(f)).toEqual([
      "app_id",
      "archived",
      "attachments",
      "build_id",
      "domain",
      "edited_by_user_id",
      "edited_on",
      "form",
      "id",
      "indexed_on",
      "initial_processing_complete",
      "is_phone_submission",
      "metadata",
      "problem",
      "received_on",
      "resource_uri",
      "server_modified_on",
      "submit_ip",
      "type",
      "uiversion",
      "version",
    ]);
    expect(f).toMatchObject({
      id: formId(1),
      domain: "demo",
      archived: false,
      type: "data",
      uiversion: "1",
      version: "3",
      app_id: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
      build_id: "b1b2c3d4e5f60718293a4b5c6d7e8f91",
      is_phone_submission: true,
      resource_uri: `https://trialedge.test/a/demo/api/form/v1/${formId(1)}/`,
    });
    expect(f.received_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(f.form["#type"]).toBe("data");
    expect(f.form["@xmlns"]).toBe("http://demo.test/household/register");
    expect(f.form.meta["@xmlns"]).toBe("http://openrosa.org/jr/xforms");
    expect(f.form.meta.instanceID).toBe(`uuid:${formId(1)}`);
    expect(f.form.case["@case_id"]).toBe(householdCaseId(1));
    expect(f.metadata.instanceID).toBe(`uuid:${formId(1)}`);
  });

  it("filters: xmlns, xmlns.exact, case_id, app_id, dates, include_archived (presence parsed as boolean, Q6)", async () => {
    expect((await list("?xmlns=http://demo.test/household/visit")).meta.total_count).toBe(11);
    expect((await list("?xmlns.exact=http://demo.test/household/register")).meta.total_count).toBe(12);
    expect((await list("?xmlns.exact=HTTP://demo.test/household/register")).meta.total_count).toBe(0);
    expect((await list("?xmlns=http://demo.test/household/visit&include_archived=true")).meta.total_count).toBe(12);
    expect((await list("?xmlns=http://demo.test/household/visit&include_archived=false")).meta.total_count).toBe(11);
    const touched = await list(`?case_id=${householdCaseId(1)}`);
    expect(touched.objects.map((f) => f.id)).toEqual([formId(1)]);
    const withArchived = await list(`?case_id=${householdCaseId(1)}&include_archived=1`);
    expect(withArchived.objects.map((f) => f.id)).toEqual([ARCHIVED_FORM_ID, formId(1)]);
    expect((await list("?app_id=A1B2C3D4E5F60718293A4B5C6D7E8F90")).meta.total_count).toBe(25);
    expect((await list("?appVersion=3")).meta.total_count).toBe(0);
    expect((await list("?foo=bar")).meta.total_count).toBe(0);
    const all = (await list("?limit=100")).objects;
    const t = all[10].received_on as string;
    expect((await list(`?received_on_start=${t}&limit=100`)).objects.every((f) => f.received_on >= t)).toBe(true);
    expect((await list(`?received_on_end=${t}&limit=100`)).objects.every((f) => f.received_on <= t)).toBe(true);
    expect((await list("?received_on_end=2026-10-01")).meta.total_count).toBe(0);
    expect((await list("?received_on_start=2026-10-01&received_on_end=2026-10-02")).meta.total_count).toBe(14);
    expect((await list("?received_on_start=2026-10-01T00:00:00Z&received_on_end=2026-10-02T02:00:00%2B02:00")).meta.total_count).toBe(14);
    expect(
      (await list("?indexed_on_start=2026-10-01&server_modified_on_start=2026-10-01&server_date_modified_end=2030-01-01")).meta.total_count,
    ).toBe(31);
    expect((await list("?xmlns=nope&xmlns=http://demo.test/household/visit")).meta.total_count).toBe(11);
  });

  it("order_by replaces the default sort and repeats", async () => {
    const asc = await list("?order_by=received_on&limit=100");
    const r = asc.objects.map((f) => f.received_on);
    expect(r).toEqual([...r].sort());
    expect((await list("?order_by=-indexed_on&order_by=server_modified_on")).objects).toHaveLength(20);
  });

  it("cases__full=true adds the full cases of the form's case blocks", async () => {
    const f = await ccJson(`/a/demo/api/v0.5/form/${formId(14)}/?cases__full=true`);
    expect(f.cases).toHaveLength(1);
    expect(f.cases[0]).toMatchObject({ case_id: householdCaseId(2), properties: { case_type: "household", visit_count: "2" } });
    expect(f.cases[0].resource_uri).toBe(`https://trialedge.test/a/demo/api/v0.5/case/${householdCaseId(2)}/`);
    const without = await ccJson(`/a/demo/api/v0.5/form/${formId(14)}/?cases__full=yes`);
    expect(without.cases).toBeUndefined();
    const page = await list("?cases__full=TRUE&limit=2");
    expect(page.objects.every((o) => Array.isArray(o.cases))).toBe(true);
  });

  it("detail of an archived form works; unknown or other-domain ids are 404 empty", async () => {
    expect((await ccJson(`/a/demo/api/v0.5/form/${ARCHIVED_FORM_ID}/`)).archived).toBe(true);
  });
});

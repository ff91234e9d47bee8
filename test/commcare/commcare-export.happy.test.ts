import { describe, expect, it } from "vitest";
import { CC_DEMO } from "../../src/seed/commcare-demo";
import { ccGet, submit } from "../helpers/commcare";
import { receiverForm } from "../helpers/receiver";

/**
 * Replays what Dimagi's commcare-export (unmodified) sends, read from its commcare_hq_client.py
 * (`iterate`), commcare_minilinq.py (SimplePaginator, DatePaginator, FormFilterSinceParams),
 * checkpoint.py (a checkpoint without a pagination mode resumes in "date_modified" mode) and
 * builtin_queries.py (the columns of commcare_users and commcare_locations). The client talks to
 * `/a/<project>/api/v0.5/<resource>/` with `Authorization: apikey user:key`, small `--batch-size`
 * here so that every resource takes several pages.
 */
type Params = [string, string][];
type Batch = { meta: { next: string | null; total_count: number | null; limit: number }; objects: Record<string, any>[] };
type Paginator = { initial: Params; next: (batch: Batch) => Params | null };

const API = "/a/demo/api/v0.5";
const PAGE = 5;

/** `dateutil.parse(value, ignoretz=True).isoformat()`: naive, microseconds only when not zero. */
const pyIsoformat = (value: string) =>
  value
    .replace(/Z$|[+-]\d{2}:\d{2}$/, "")
    .replace(/\.0{6}$/, "")
    .replace(/(\.\d{6})\d*$/, "$1");

/** SimplePaginator: `limit`, then the query of `meta.next` (parse_qs) for every following page. */
const simple = (payload: Params = []): Paginator => ({
  initial: [...payload, ["limit", String(PAGE)]],
  next: (b) => (b.meta.next ? [...new URL(b.meta.next, "http://x").searchParams] : null),
});

/** DatePaginator: the since params of the last object's date field(s), always `order_by` the field(s). */
function byDate(fields: string[], sinceParams: (since: string | null) => Params): Paginator {
  const page = (since: string | null): Params => [
    ["limit", String(PAGE)],
    ...sinceParams(since),
    ...fields.map((f): [string, string] => ["order_by", f]),
  ];
  return {
    initial: page(null),
    next: (b) => {
      const last = b.objects.at(-1);
      const since = last ? fields.map((f) => last[f]).find(Boolean) : undefined;
      return since ? page(pyIsoformat(since)) : null;
    },
  };
}

/** commcare-export's FormFilterSinceParams (date_modified mode). */
const formFilterSince = (since: string | null): Params => {
  if (!since) return [];
  const missing = { missing: { field: "server_modified_on", null_value: true, existence: true } };
  const range = { gte: since };
  const filter = {
    or: [{ and: [{ not: missing }, { range: { server_modified_on: range } }] }, { and: [missing, { range: { received_on: range } }] }],
  };
  return [["_search", JSON.stringify({ filter })]];
};

/** `CommCareHqClient.iterate`: follows pages until no next, skipping objects repeated from the last page. */
async function iterate(resource: string, paginator: Paginator, first: Params = paginator.initial) {
  const out: Record<string, any>[] = [];
  const requests: string[] = [];
  let params: Params | null = first;
  let lastIds = new Set<string>();
  while (params) {
    const url = `${API}/${resource}/?${new URLSearchParams(params).toString()}`;
    requests.push(url);
    if (requests.length > 50) throw new Error(`${resource}: stuck at ${url}`);
    const res = await ccGet(url);
    expect(res.status, url).toBe(200);
    const batch = (await res.json()) as Batch;
    if (batch.objects.length === 0) break;
    for (const o of batch.objects) if (!lastIds.has(o.id)) out.push(o);
    if (!batch.meta.next) break;
    lastIds = new Set(batch.objects.map((o) => o.id));
    params = paginator.next(batch);
  }
  return { objects: out, requests };
}

describe("commcare-export --with-organization against TrialEdge", () => {
  it("exports forms, users and locations whose keys join", async () => {
    const forms = await iterate(
      "form",
      byDate(["indexed_on"], (s) => (s ? [["indexed_on_start", s]] : [])),
    );
    const users = await iterate("user", simple());
    const locations = await iterate("location", simple());
    const types = await iterate("location_type", simple());

    expect(forms.objects.length).toBe(31); // 32 submissions, one archived
    expect(forms.requests.length).toBeGreaterThan(5);
    expect(users.requests.length).toBe(1);

    // commcare_users columns (builtin_queries.user_columns) are all present.
    const row = (u: Record<string, any>) => ({
      id: u.id,
      default_phone_number: u.default_phone_number,
      email: u.email,
      first_name: u.first_name,
      groups: u.groups,
      last_name: u.last_name,
      phone_numbers: u.phone_numbers,
      resource_uri: u.resource_uri,
      commcare_location_id: u.user_data.commcare_location_id,
      commcare_location_ids: u.user_data.commcare_location_ids,
      commcare_primary_case_sharing_id: u.user_data.commcare_primary_case_sharing_id,
      commcare_project: u.user_data.commcare_project,
      username: u.username,
    });
    const table = users.objects.map(row);
    for (const r of table) {
      const { commcare_primary_case_sharing_id: sharing, ...always } = r;
      expect(
        Object.entries(always).filter(([, v]) => v === undefined),
        r.username,
      ).toEqual([]);
      // Only a primary location whose type shares cases gives a case-sharing id (Denver is a city; South Park a county).
      expect(sharing, r.username).toBe(r.commcare_location_id === CC_DEMO.locations.denver.locationId ? r.commcare_location_id : undefined);
    }
    expect(table.map((r) => r.commcare_project)).toEqual(["demo", "demo", "demo"]);

    // The joins --with-organization exists for: form.metadata.userID → users.id → locations.location_id → location types.
    const userIds = new Set(table.map((r) => r.id));
    const submitters = new Set(forms.objects.map((f) => f.metadata.userID));
    expect([...submitters].every((id) => userIds.has(id))).toBe(true);
    const locationIds = new Set(locations.objects.map((l) => l.location_id));
    for (const r of table) {
      expect(locationIds.has(r.commcare_location_id), r.username).toBe(true);
      for (const id of r.commcare_location_ids.split(" ")) expect(locationIds.has(id), id).toBe(true);
    }
    const typeUris = new Set(types.objects.map((t) => t.resource_uri));
    for (const l of locations.objects) expect(typeUris.has(l.location_type), l.name).toBe(true);
  });

  it("a legacy checkpoint resumes forms in date_modified mode and gets the forms since it, new ones included", async () => {
    const fresh = "e1e1e1e1-0000-4000-8000-000000000001";
    expect((await submit(receiverForm(fresh, ""))).status).toBe(201);
    const checkpoint = "2026-10-02T00:00:00"; // the since_param of a checkpoint written by an older client
    const paginator = byDate(["server_modified_on", "received_on"], formFilterSince);
    const first: Params = [
      ["limit", String(PAGE)],
      ...formFilterSince(checkpoint),
      ["order_by", "server_modified_on"],
      ["order_by", "received_on"],
    ];
    const resumed = await iterate("form", paginator, first);
    const ids = resumed.objects.map((f) => f.id);
    expect(ids).toContain(fresh);
    expect(resumed.objects.every((f) => f.server_modified_on >= "2026-10-02T00:00:00")).toBe(true);
    const all = await iterate(
      "form",
      byDate(["indexed_on"], (s) => (s ? [["indexed_on_start", s]] : [])),
    );
    const expected = all.objects.filter((f) => f.server_modified_on >= "2026-10-02T00:00:00").map((f) => f.id);
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(ids.length).toBe(expected.length);
    expect(resumed.requests[0]).toContain("_search=");
    expect(resumed.objects.find((f) => f.id === fresh)!.metadata.userID).toBe(CC_DEMO.workers[0]!.uuid);
  });

  it("cases resume in date_modified mode by server_date_modified", async () => {
    const paginator = byDate(["server_date_modified"], (s) => (s ? [["server_date_modified_start", s]] : []));
    const cases = await iterate("case", paginator);
    expect(cases.objects.length).toBeGreaterThan(PAGE);
    expect(new Set(cases.objects.map((c) => c.id)).size).toBe(cases.objects.length);
  });
});

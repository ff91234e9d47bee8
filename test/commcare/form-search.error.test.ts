import { describe, expect, it } from "vitest";
import { ccError, ccGet } from "../helpers/commcare";

const search = (list: string, value: string) => ccGet(`${list}?${new URLSearchParams([["_search", value]]).toString()}`);

describe.each(["/a/demo/api/v0.5/form/", "/a/demo/api/form/v1/"])("form _search errors at %s", (list) => {
  const cases: [string, string, string][] = [
    ["not JSON", "{filter:", "Bad _search: not valid JSON"],
    ["not an object", "[1]", "Bad _search: must be a JSON object"],
    ["a query besides the filter", JSON.stringify({ query: { match_all: {} } }), "Bad _search: only 'filter' is supported, not 'query'"],
    [
      "an unsupported filter",
      JSON.stringify({ filter: { script: { script: "1" } } }),
      "Bad _search: unsupported filter 'script' (supported: and, or, not, range, term, terms, missing, exists, match_all)",
    ],
    [
      "a range on a field that is not a form date",
      JSON.stringify({ filter: { range: { xmlns: { gte: "a" } } } }),
      "Bad _search: range is allowed on received_on, server_modified_on, indexed_on, inserted_at, not 'xmlns'",
    ],
    [
      "an unknown range bound",
      JSON.stringify({ filter: { range: { received_on: { after: "2026-01-01" } } } }),
      "Bad _search: unknown range bound 'after' (allowed: gte, gt, lte, lt, from, to)",
    ],
    [
      "a bad date",
      JSON.stringify({ filter: { range: { received_on: { gte: "yesterday" } } } }),
      "Bad _search: Unknown date format: yesterday",
    ],
    [
      "a term on a field outside the allowlist",
      JSON.stringify({ filter: { term: { "form.secret": "x" } } }),
      "Bad _search: 'form.secret' is not a field a term filter can match (allowed: xmlns, xmlns.exact, app_id, build_id, user_id, form.meta.userID, _id, form.meta.instanceID)",
    ],
    [
      "a filter with two keys",
      JSON.stringify({ filter: { term: { xmlns: "a" }, range: {} } }),
      "Bad _search: each filter must be an object with exactly one key",
    ],
    ["an empty and", JSON.stringify({ filter: { and: [] } }), "Bad _search: 'and' needs a non-empty list of filters"],
    ["too long", JSON.stringify({ filter: { term: { xmlns: "x".repeat(5000) } } }), "Bad _search: longer than 4096 characters"],
    ["too deep", `{"filter":${'{"not":'.repeat(20)}{"match_all":{}}${"}".repeat(20)}}`, "Bad _search: nested deeper than 12 levels"],
    [
      "too many clauses",
      JSON.stringify({ filter: { or: Array.from({ length: 70 }, () => ({ match_all: {} })) } }),
      "Bad _search: more than 64 clauses",
    ],
    [
      "too many values",
      JSON.stringify({ filter: { terms: { xmlns: Array.from({ length: 60 }, (_, i) => `x${i}`) } } }),
      "Bad _search: more than 48 values",
    ],
  ];
  it.each(cases)("%s → 400", async (_name, value, error) => {
    expect(await ccError(await search(list, value))).toEqual({ status: 400, error });
  });

  it("an order_by that is not a form field is still refused with several keys", async () => {
    expect(await ccError(await ccGet(`${list}?order_by=received_on&order_by=nope`))).toEqual({
      status: 400,
      error: "No matching 'nope' field for ordering on.",
    });
  });
});

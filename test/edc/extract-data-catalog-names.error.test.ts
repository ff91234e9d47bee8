import { beforeAll, describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { problemOf } from "../helpers/http";
import { createEdgeSchema } from "../helpers/edc-edge-schema";

// cc_names: catalog objects this API cannot (or must not) serve as they are: names that are not plain
// lower-case identifiers, unnamed function arguments, functions that return credentials or no rows.
const EDC = "cc_names";
const extract = (body: unknown) => edcPost("/edc/study/extract-data", body, { edc: EDC });
const bad = async (body: unknown) => problemOf(await extract(body));

beforeAll(async () => {
  await createEdgeSchema(
    EDC,
    `CREATE TABLE visits (id integer PRIMARY KEY, "Label" text, note text, date_created timestamptz NOT NULL DEFAULT '2019-01-01T00:00:00Z');
     INSERT INTO visits (id, "Label", note) VALUES (1, 'first', 'a'), (2, 'second', 'b'), (3, 'third', 'c');
     CREATE TABLE keyed ("ID" integer PRIMARY KEY, note text);
     INSERT INTO keyed VALUES (2, 'two'), (1, 'one');
     CREATE FUNCTION unnamed_arg(integer) RETURNS TABLE (n integer) LANGUAGE sql STABLE AS $$ SELECT $1 $$;
     CREATE FUNCTION cased_arg("pNote" text) RETURNS TABLE (id integer) LANGUAGE sql STABLE AS $$ SELECT id FROM cc_names.visits WHERE note = "pNote" $$;
     CREATE TABLE accounts (id integer PRIMARY KEY, login text, passwd text);
     INSERT INTO accounts VALUES (1, 'root', 'not-a-real-hash');
     CREATE TABLE user_account (user_id integer PRIMARY KEY, user_name text);
     CREATE FUNCTION login_list() RETURNS TABLE (login text, passwd text) LANGUAGE sql STABLE AS $$ SELECT login, passwd FROM cc_names.accounts $$;
     CREATE FUNCTION account_rows() RETURNS SETOF accounts LANGUAGE sql STABLE AS $$ SELECT * FROM cc_names.accounts $$;
     CREATE FUNCTION all_users() RETURNS SETOF user_account LANGUAGE sql STABLE AS $$ SELECT * FROM cc_names.user_account $$;
     CREATE FUNCTION anonymous_rows() RETURNS SETOF record LANGUAGE sql STABLE AS $$ SELECT 1, 'x'::text $$;
     CREATE FUNCTION recent_visits() RETURNS SETOF visits LANGUAGE sql STABLE AS $$ SELECT * FROM cc_names.visits $$;`,
    161,
  );
});

describe("catalog names extract-data cannot quote: 400 naming them, never 500", () => {
  it("a sort or filter on a column named with capitals", async () => {
    const sort = await bad({ tableName: "visits", sort: "Label" });
    expect(sort.status).toBe(400);
    expect(sort.body.error).toBe("unsupported_identifier");
    expect(sort.body.detail).toContain('"Label"');
    expect(sort.body.errors[0].path).toBe("/sort");
    const filter = await bad({ tableName: "visits", filters: { Label: "first" } });
    expect(filter.status).toBe(400);
    expect(filter.body.error).toBe("unsupported_identifier");
    expect(filter.body.errors[0].path).toBe("/filters/Label");
  });

  it("still serves such a table whole, and filters and sorts it on its plain columns", async () => {
    const res = await extract({ tableName: "visits", filters: { note: ["a", "c"] }, sort: "id desc" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      expect.objectContaining({ id: 3, Label: "third" }),
      expect.objectContaining({ id: 1, Label: "first" }),
    ]);
  });

  it("serves a table whose primary key has a capital, without the default key order", async () => {
    const res = await extract({ tableName: "keyed" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ID: number }[]).map((r) => r.ID).sort()).toEqual([1, 2]);
  });

  it("an input variable named with capitals, and a function with unnamed arguments", async () => {
    const cased = await bad({ tableName: "cased_arg()", inputVariables: { pNote: "a" } });
    expect(cased.status).toBe(400);
    expect(cased.body.error).toBe("unsupported_identifier");
    expect(cased.body.errors[0].path).toBe("/inputVariables/pNote");
    const unnamed = await bad({ tableName: "unnamed_arg()" });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors[0].path).toBe("/tableName");
    expect(unnamed.body.detail).toContain("unnamed arguments");
  });

  it("a function returning an anonymous record", async () => {
    const { status, body } = await bad({ tableName: "anonymous_rows()" });
    expect(status).toBe(400);
    expect(body.detail).toContain("returns record");
  });
});

describe("the credential denylist covers what functions return", () => {
  it.each(["login_list()", "account_rows()", "all_users()"])("refuses %s before running it", async (tableName) => {
    const res = await extract({ tableName });
    const text = await res.clone().text();
    const { status, body } = await problemOf(res);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_identifier");
    expect(body.detail).toContain("credentials");
    expect(text).not.toContain("not-a-real-hash");
  });

  it("refuses the tables themselves too", async () => {
    for (const tableName of ["accounts", "user_account"]) {
      const { status, body } = await bad({ tableName });
      expect(status, tableName).toBe(400);
      expect(body.detail).toContain("credentials");
    }
  });

  it("knows the columns of a function that returns a table's row type, so filters and sort work on it", async () => {
    const res = await extract({ tableName: "recent_visits()", filters: { id: [1, 2] }, sort: "id desc" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }[]).map((r) => r.id)).toEqual([2, 1]);
  });
});

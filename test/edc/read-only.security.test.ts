import type postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { edcFingerprint } from "../helpers/edc-fingerprint";
import { problemOf } from "../helpers/http";
import { loadDemoCopy } from "../helpers/edc-schema";
import { registerEdcStudy } from "../helpers/edc-edge-schema";

// cc_ro: a copy of the demo EDC with functions that lie about their volatility. Labelled STABLE,
// they pass the catalog check, so only PostgreSQL's READ ONLY transaction stands between them and
// the data. cc_demo's own schema (and the injection suite's fingerprint of it) stays as it is.
const EDC = "cc_ro";
let sql: postgres.Sql;

beforeAll(async () => {
  sql = await loadDemoCopy(EDC);
  await sql.unsafe(`
    SET LOCAL search_path TO cc_ro;
    CREATE FUNCTION relabel_all() RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      BEGIN UPDATE cc_ro.study_subject SET label = label || '-X'; RETURN 1; END $$;
    -- STABLE on the label, a write underneath: a SQL function calling a VOLATILE one is not rejected at creation.
    CREATE FUNCTION stable_relabel() RETURNS TABLE (changed integer) LANGUAGE sql STABLE AS $$ SELECT cc_ro.relabel_all() $$;
    CREATE FUNCTION stable_next_oid() RETURNS TABLE (next bigint) LANGUAGE sql STABLE AS $$ SELECT nextval('cc_ro.study_subject_oid_id_seq') $$;
    -- A STABLE PL/pgSQL function that writes directly: PostgreSQL itself refuses the UPDATE (0A000).
    CREATE FUNCTION stable_direct_update() RETURNS TABLE (n integer) LANGUAGE plpgsql STABLE AS $$
      BEGIN UPDATE cc_ro.study SET summary = 'changed'; RETURN QUERY SELECT 1; END $$;`);
  await registerEdcStudy(160, EDC);
});

describe("extract-data runs in a READ ONLY transaction", () => {
  it.each([
    ["stable_relabel()", "an UPDATE through a VOLATILE helper"],
    ["stable_next_oid()", "nextval() on a sequence"],
    ["stable_direct_update()", "an UPDATE in the function's own body"],
  ])("refuses %s (%s) with 400 read_only_violation, and the schema is unchanged", async (tableName) => {
    const before = await edcFingerprint([EDC]);
    const { status, contentType, body } = await problemOf(await edcPost("/edc/study/extract-data", { tableName }, { edc: EDC }));
    expect(status).toBe(400);
    expect(contentType).toBe("application/problem+json");
    expect(body.error).toBe("read_only_violation");
    expect(JSON.stringify(body)).not.toMatch(/UPDATE|nextval|SQLSTATE|25006/);
    expect(await edcFingerprint([EDC])).toEqual(before);
  });

  it("the helper that writes is VOLATILE, so the catalog check refuses it before anything runs", async () => {
    const { status, body } = await problemOf(await edcPost("/edc/study/extract-data", { tableName: "relabel_all()" }, { edc: EDC }));
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_identifier");
    expect(body.detail).toContain("VOLATILE");
  });

  it("the same function does write outside a READ ONLY transaction (the refusal above is PostgreSQL's, not luck)", async () => {
    const relabelled = await sql
      .begin(async (tx) => {
        await tx.unsafe("SELECT * FROM cc_ro.stable_relabel()");
        const [r] = await tx.unsafe("SELECT count(*)::int AS n FROM cc_ro.study_subject WHERE label LIKE '%-X'");
        throw Object.assign(new Error("roll back"), { n: r!.n as number });
      })
      .catch((err: { n?: number }) => err.n);
    expect(relabelled).toBe(20);
    const [after] = await sql.unsafe("SELECT count(*)::int AS n FROM cc_ro.study_subject WHERE label LIKE '%-X'");
    expect(after!.n).toBe(0);
  });
});

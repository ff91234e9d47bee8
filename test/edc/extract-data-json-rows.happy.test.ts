import { env } from "cloudflare:workers";
import postgres from "postgres";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { jsonRowsQuery } from "../../src/edc/extract/json-rows";
import { observeCursors, TEXT_PAGES } from "../../src/edc/stream";
import { edcPost } from "../helpers/edc";
import { createEdgeSchema } from "../helpers/edc-edge-schema";

// cc_json: one column of every type extract-data serializes in PostgreSQL, with the values where
// PostgreSQL's text and JavaScript's serialization could part (escapes, padding, NaN, microseconds,
// infinities, years before 1000 and after 9999, BC), and a 50,000-row table for the round trips.
const EDC = "cc_json";

const TYPES = `id integer PRIMARY KEY, i2 smallint, b boolean, t text, vc varchar(12), ch char(5), nm name, u uuid,
  i8 bigint, n numeric, n2 numeric(10,2), iv interval, tm time, tz timetz, ip inet, ia integer[], ta text[],
  d date, ts timestamp, tstz timestamptz, ts3 timestamp(3) with time zone`;
const ROWS = `
  (1, 32767, true, 'plain', 'short', 'ab', 'nm', '00000000-0000-0000-0000-000000000001',
   9223372036854775807, 1.50, 12.30, '1 day 02:03:04.5', '23:59:59.999999', '10:00+02', '10.0.0.1/8', '{1,2,NULL}', '{"a b","c\\"d",NULL}',
   '2024-02-29', '2019-03-10 23:59:59.999999', '2019-03-10 23:59:59.9995+00', '2019-03-10 23:59:59.999+00'),
  (2, -32768, false, E'quote " backslash \\\\ tab \\t nl \\n cr \\r ctl \\x01 \\x1f del \\x7f', 'ünïcødé', 'ü', 'x', NULL,
   -9223372036854775808, 'NaN', -0.01, '-3 mons', '00:00', '00:00:00+00', '::1', '{}', '{}',
   '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '1970-01-01 00:00:00.001+00'),
  (3, 0, NULL, E'emoji 😀 line sep \\u2028 para \\u2029 nul-free', '', '', '', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
   0, 0.00000000000000000001, 0, '0', '12:34:56.789', '12:00-11:30', '192.168.0.1', '{{1,2},{3,4}}', '{"{}",","}',
   '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00', '2000-01-01 00:00:00+00'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   'infinity', 'infinity', 'infinity', NULL),
  (5, 1, true, '', 'x', 'x', 'x', NULL, 1, 123456789012345678901234567890.123456789, 99999999.99, '1 year', '00:00:00.000001', '00:00:00.000001+14', '0.0.0.0', '{-1}', '{""}',
   '-infinity', '-infinity', '-infinity', '0099-06-15 12:00:00+00'),
  (8, 4, false, 'years 0049 and 0050', 'w', 'w', 'w', NULL, 4, 4, 0.4, '4 days', '04:00', '04:00+04', '4.4.4.4', '{4}', '{w}',
   '0049-02-28', '0004-02-29 23:59:59.999999', '0049-12-31 23:59:59.999+00', '0050-01-01 00:00:00+00'),
  (9, 5, true, 'years 0012, 0013, 0031, 0032', 'v', 'v', 'v', NULL, 5, 5, 0.5, '5 days', '05:00', '05:00+05', '5.5.5.5', '{5}', '{v}',
   '0012-12-31', '0012-12-31 07:08:09.123456', '0013-01-31 00:00:00+00', '0031-12-31 10:00:00+00'),
  (10, 6, true, 'year 0032', 'u', 'u', 'u', NULL, 6, 6, 0.6, '6 days', '06:00', '06:00+06', '6.6.6.6', '{6}', '{u}',
   '0032-01-02', '0032-01-02 10:00:00', '0001-01-31 00:00:00+00', '0012-05-06 10:00:00+00'),
  (6, 2, false, 'before 1000', 'y', 'y', 'y', NULL, 2, 1e20, 0.5, '2 days', '01:02:03', '01:02:03-07', '1.2.3.4', '{0}', '{x}',
   '0500-06-15', '0999-12-31 23:59:59.5', '0500-06-15 06:00:00+00', NULL),
  (7, 3, true, 'BC and after 9999', 'z', 'z', 'z', NULL, 3, -1e-5, -0.5, '-1 sec', '12:00', '12:00+00', '255.255.255.255', '{7}', '{y}',
   '0044-03-15 BC', '0044-03-15 12:00:00 BC', '0044-03-15 12:00:00+00 BC', '2019-03-10 23:59:59.999+00')`;

beforeAll(async () => {
  await createEdgeSchema(
    EDC,
    `CREATE TABLE edge_values (${TYPES});
     INSERT INTO edge_values VALUES ${ROWS};
     CREATE TABLE wide_rows (id integer PRIMARY KEY, site_id text, label text, payload text, date_created timestamptz);
     INSERT INTO wide_rows SELECT i, 'S' || (i % 7), 'row ' || i, repeat(md5(i::text), 16), timestamptz '2020-01-01 00:00:00+00' + i * interval '1 second'
       FROM generate_series(1, 50000) AS i;
     CREATE TABLE floats (id integer PRIMARY KEY, f double precision);
     INSERT INTO floats VALUES (1, 1e21), (2, 1e-7), (3, 0.1);`,
    164,
  );
});

afterEach(() => observeCursors(null));

// The client of src/db/edc.ts, never ended: a connection closed outside a request rejects its read unhandled.
let client: postgres.Sql | undefined;
/** What extract-data answered before PostgreSQL serialized its rows: postgres.js rows (fetch_types off, UTC) through JSON.stringify. */
async function javascriptSerialization(table: string) {
  client ??= postgres(env.EDC.connectionString, { max: 1, fetch_types: false, connection: { TimeZone: "UTC" }, onnotice: () => {} });
  return (await client.unsafe(`SELECT * FROM "${EDC}"."${table}" ORDER BY id`)).map((row) => JSON.stringify(row));
}

describe("extract-data rows serialized by PostgreSQL (src/edc/extract/json-rows.ts)", () => {
  it("are byte for byte what JavaScript wrote, for every rewritten column type and its edge values", async () => {
    const expected = await javascriptSerialization("edge_values");
    const json = await edcPost("/edc/study/extract-data", { tableName: "edge_values" }, { edc: EDC });
    expect(json.status).toBe(200);
    const body = await json.text();
    const rows = JSON.parse(body) as unknown[];
    rows.forEach((row, i) => expect(JSON.stringify(row)).toBe(expected[i]));
    expect(body).toBe(`[${expected.join(",")}]`);
    const ndjson = await edcPost("/edc/study/extract-data", { tableName: "edge_values" }, { edc: EDC, accept: "application/x-ndjson" });
    expect(await ndjson.text()).toBe(expected.map((r) => `${r}\n`).join(""));
  });

  it("leave columns without an exact rewrite (double precision) to JavaScript, with the same answer as before", async () => {
    expect(jsonRowsQuery([{ name: "f", type: "double precision" }], "SELECT 1")).toBeNull();
    expect(jsonRowsQuery([{ name: "j", type: "jsonb" }], "SELECT 1")).toBeNull();
    const expected = await javascriptSerialization("floats");
    const res = await edcPost("/edc/study/extract-data", { tableName: "floats" }, { edc: EDC });
    expect(await res.text()).toBe(`[${expected.join(",")}]`);
  });

  it("answer [] and an empty NDJSON body when nothing matches", async () => {
    const json = await edcPost("/edc/study/extract-data", { tableName: "edge_values", filters: { id: -1 } }, { edc: EDC });
    expect(await json.text()).toBe("[]");
    const ndjson = await edcPost(
      "/edc/study/extract-data",
      { tableName: "edge_values", filters: { id: -1 } },
      { edc: EDC, accept: "application/x-ndjson" },
    );
    expect(await ndjson.text()).toBe("");
  });

  it("reach the origin in at most rows/20,000 cursor pages (50,000 rows of about 600 bytes), in the requested order", async () => {
    const seen: { fetches: number; rows: number }[] = [];
    observeCursors((fetches, rows) => seen.push({ fetches, rows }));
    const res = await edcPost(
      "/edc/study/extract-data",
      { tableName: "wide_rows", sort: "id desc" },
      { edc: EDC, accept: "application/x-ndjson" },
    );
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(50_000);
    expect(JSON.parse(lines[0]!).id).toBe(50_000);
    expect(JSON.parse(lines.at(-1)!).id).toBe(1);
    // The cursor ends (its portal closes, COMMIT) after the response: the answer does not wait for it.
    await vi.waitFor(() => expect(seen).toEqual([{ fetches: expect.any(Number), rows: 50_000 }]), { timeout: 10_000 });
    expect(seen[0]!.fetches).toBeLessThanOrEqual(50_000 / 20_000);
    expect(TEXT_PAGES.first).toBeGreaterThanOrEqual(20_000);
  });
});

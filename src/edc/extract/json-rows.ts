import { isQuotable, quoteIdent, type Column } from "../catalog";

/**
 * extract-data's rows serialized by PostgreSQL, byte for byte as the Worker's own serialization wrote
 * them (postgres.js with fetch_types off, then JSON.stringify): the statement's only column is
 * `row_to_json(...)::text` over the rows with each column rewritten to the value JavaScript would
 * have produced. null when a column's type has no exact rewrite (floats, json, bytea, oid, domains,
 * enums…), when a column name is an array index (JavaScript puts those keys first), or when the
 * columns are unknown: the caller then serializes in JavaScript. Pinned against JavaScript's own
 * output by test/edc/extract-data-json-rows.happy.test.ts.
 */

/**
 * int2/int4 (postgres.js parses them to numbers; row_to_json writes numbers), bool, and types that
 * reach JavaScript as their output text, which row_to_json writes as a JSON string too.
 */
const AS_IS =
  /^(smallint|integer|boolean|text|name|uuid|"char"|character varying(\(\d+\))?|character(\(\d+\))?|interval.*|time(\(\d\))? with(out)? time zone|inet|cidr|macaddr)$/;
/**
 * bigint, numeric and arrays reach JavaScript as their output text (postgres.js parses none of them),
 * where row_to_json would write a JSON number or array: cast to text, a JSON string.
 */
const AS_TEXT = /^(bigint|numeric(\(\d+(,\s*-?\d+)?\))?|.+\[\])$/;
const DATE = /^date$/;
const TIMESTAMP = /^timestamp(\(\d\))? with(out)? time zone$/;
/** A key JavaScript orders before every other key of an object (an array index). */
const INDEX_KEY = /^(0|[1-9]\d{0,9})$/;

/**
 * `new Date(text)` then toISOString(): milliseconds, truncated, in UTC; null where V8 cannot read
 * PostgreSQL's text (infinity, BC, years past 9999).
 */
const IN_RANGE = (ref: string, type: string) => `${ref} >= '0001-01-01'::${type} AND ${ref} < '10000-01-01'::${type}`;
/**
 * A timestamp's text ("0049-06-15 12:00:00+00") goes through V8's legacy date parser, which reads a
 * year of two digits or fewer as a two-digit year: 50–99 as 19xx, 32–49 as 20xx; 13–31 as no date;
 * and 1–12 as the month of a month-day-year date (0004-02-29 is 2029-04-02). Rewritten alike.
 */
const V8_YEAR = (ts: string) =>
  `CASE WHEN ${ts} >= '0100-01-01'::timestamp THEN ${ts}` +
  ` WHEN ${ts} >= '0050-01-01'::timestamp THEN ${ts} + interval '1900 years'` +
  ` WHEN ${ts} >= '0032-01-01'::timestamp THEN ${ts} + interval '2000 years'` +
  ` WHEN ${ts} < '0013-01-01'::timestamp THEN make_timestamp(2000 + extract(day from ${ts})::int, extract(year from ${ts})::int,` +
  ` extract(month from ${ts})::int, extract(hour from ${ts})::int, extract(minute from ${ts})::int, extract(second from ${ts})::float8) END`;

function rewrite(col: Column, ref: string): string | null {
  if (AS_IS.test(col.type)) return ref;
  if (AS_TEXT.test(col.type)) return `${ref}::text`;
  if (DATE.test(col.type)) return `CASE WHEN ${IN_RANGE(ref, "date")} THEN to_char(${ref}, 'YYYY-MM-DD"T00:00:00.000Z"') END`;
  if (TIMESTAMP.test(col.type)) {
    const utc = col.type.includes("without") ? ref : `(${ref} AT TIME ZONE 'UTC')`;
    return `CASE WHEN ${IN_RANGE(utc, "timestamp")} THEN to_char(${V8_YEAR(utc)}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;
  }
  return null;
}

export function jsonRowsQuery(columns: readonly Column[], text: string): string | null {
  if (columns.length === 0) return null;
  const names = new Set<string>();
  const select: string[] = [];
  for (const col of columns) {
    if (!isQuotable(col.name) || INDEX_KEY.test(col.name) || names.has(col.name)) return null;
    names.add(col.name);
    const ident = quoteIdent(col.name);
    const expr = rewrite(col, `t.${ident}`);
    if (expr === null) return null;
    select.push(`${expr} AS ${ident}`);
  }
  // The inner statement's ORDER BY holds: PostgreSQL scans a subquery in its order when the outer
  // query only projects.
  return `SELECT row_to_json(r)::text FROM (SELECT ${select.join(", ")} FROM (${text}) t) r`;
}

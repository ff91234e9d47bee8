import { and, gt, gte, lt, lte, not, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ccForms } from "../../db/schema/commcare";
import { parseQueryDate } from "../dates";
import { ccBadRequest } from "../errors";

/**
 * `_search` on the form list: the part of HQ's `es_query_from_get_params` that clients send — a JSON
 * object `{"filter": <filter>}` whose filter is a tree of `and` / `or` / `not` over `range` on the form
 * dates, `term` / `terms` on form fields, `missing` / `exists`, and `match_all`. It becomes one SQL
 * condition with every value bound and every field taken from the allowlists below. Anything else is
 * a 400 naming what was not understood, never a silent empty page.
 *
 * The input is bounded before it is parsed: its length, then its bracket nesting (an iterative
 * scan), so the recursive walk below never goes deeper than MAX_DEPTH; the walk also caps the number
 * of clauses and of bound values (D1 binds at most 100 per statement, and paging adds its own).
 */
export const SEARCH_LIMITS = { maxChars: 4096, maxDepth: 12, maxClauses: 64, maxValues: 48 } as const;

const DATE_FIELDS: Record<string, SQLiteColumn> = {
  received_on: ccForms.receivedOn,
  server_modified_on: ccForms.serverModifiedOn,
  indexed_on: ccForms.indexedOn,
  inserted_at: ccForms.indexedOn,
};

/** Term fields: `xmlns` (and `xmlns.exact`) match exactly; the others ignore case, as ES's analysed fields do. */
const TERM_FIELDS: Record<string, { expr: SQL; exact: boolean }> = {
  xmlns: { expr: sql`${ccForms.xmlns}`, exact: true },
  "xmlns.exact": { expr: sql`${ccForms.xmlns}`, exact: true },
  app_id: { expr: sql`${ccForms.appId}`, exact: false },
  build_id: { expr: sql`${ccForms.buildId}`, exact: false },
  user_id: { expr: sql`${ccForms.userId}`, exact: false },
  "form.meta.userID": { expr: sql`${ccForms.userId}`, exact: false },
  _id: { expr: sql`${ccForms.id}`, exact: true },
  "form.meta.instanceID": { expr: sql`coalesce(${ccForms.instanceId}, ${ccForms.id})`, exact: true },
};

const RANGE_OPS: Record<string, (c: SQLiteColumn, v: string) => SQL> = { gte, gt, lte, lt, from: gte, to: lte };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (message: string) => ccBadRequest(`Bad _search: ${message}`);

/** The deepest bracket nesting of a JSON text, outside strings; one pass, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") max = Math.max(max, ++depth);
    else if (ch === "}" || ch === "]") depth--;
  }
  return max;
}

class Translator {
  clauses = 0;
  values = 0;

  private bind(n = 1) {
    this.values += n;
    if (this.values > SEARCH_LIMITS.maxValues) throw bad(`more than ${SEARCH_LIMITS.maxValues} values`);
  }

  private scalar(field: string, v: Json | undefined): string {
    const value = isObject(v) ? v.value : v;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    throw bad(`the value for '${field}' must be a string, number or boolean`);
  }

  private term(field: string, values: string[]): SQL {
    const f = TERM_FIELDS[field];
    if (!f) throw bad(`'${field}' is not a field a term filter can match (allowed: ${Object.keys(TERM_FIELDS).join(", ")})`);
    this.bind(values.length);
    const list = (vs: string[]) =>
      sql.join(
        vs.map((v) => sql`${v}`),
        sql`, `,
      );
    if (f.exact) return sql`${f.expr} in (${list(values)})`;
    return sql`lower(coalesce(${f.expr}, '')) in (${list(values.map((v) => v.toLowerCase()))})`;
  }

  private missing(body: Json): SQL {
    if (!isObject(body) || typeof body.field !== "string") throw bad('missing/exists needs {"field": "<name>"}');
    const date = DATE_FIELDS[body.field];
    if (date) return sql`(${date} is null or ${date} = '')`;
    const term = TERM_FIELDS[body.field];
    if (term) return sql`(${term.expr} is null or ${term.expr} = '')`;
    throw bad(`'${body.field}' is not a form field`);
  }

  private range(body: Json): SQL {
    if (!isObject(body) || Object.keys(body).length !== 1) throw bad("range needs exactly one field");
    const [field, bounds] = Object.entries(body)[0]!;
    const column = DATE_FIELDS[field];
    if (!column) throw bad(`range is allowed on ${Object.keys(DATE_FIELDS).join(", ")}, not '${field}'`);
    if (!isObject(bounds)) throw bad(`range on '${field}' needs an object of bounds`);
    const exclusive = { from: bounds.include_lower === false, to: bounds.include_upper === false };
    const conds: SQL[] = [];
    for (const [op, raw] of Object.entries(bounds)) {
      if (op === "include_lower" || op === "include_upper") continue;
      if (!RANGE_OPS[op]) throw bad(`unknown range bound '${op}' (allowed: gte, gt, lte, lt, from, to)`);
      if (raw === null && (op === "from" || op === "to")) continue;
      if (typeof raw !== "string") throw bad(`the ${op} bound of '${field}' must be a date string`);
      const date = parseQueryDate(raw);
      if (date === null) throw bad(`Unknown date format: ${raw}`);
      this.bind();
      const fn = op === "from" && exclusive.from ? gt : op === "to" && exclusive.to ? lt : RANGE_OPS[op]!;
      conds.push(fn(column, date));
    }
    if (conds.length === 0) throw bad(`range on '${field}' has no bound`);
    return and(...conds)!;
  }

  private list(op: string, body: Json, depth: number): SQL[] {
    const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.filters) ? body.filters : null;
    if (!items || items.length === 0) throw bad(`'${op}' needs a non-empty list of filters`);
    return items.map((f) => this.filter(f, depth + 1));
  }

  /** One filter clause; depth is bounded by the nesting scan done before parsing. */
  filter(node: Json, depth: number): SQL {
    if (++this.clauses > SEARCH_LIMITS.maxClauses) throw bad(`more than ${SEARCH_LIMITS.maxClauses} clauses`);
    if (!isObject(node) || Object.keys(node).length !== 1) throw bad("each filter must be an object with exactly one key");
    const [op, body] = Object.entries(node)[0]!;
    switch (op) {
      case "and":
        return and(...this.list(op, body, depth))!;
      case "or":
        return or(...this.list(op, body, depth))!;
      case "not": {
        const inner = isObject(body) && "filter" in body && Object.keys(body).length === 1 ? body.filter : body;
        return not(this.filter(inner, depth + 1));
      }
      case "match_all":
        return sql`1 = 1`;
      case "range":
        return this.range(body);
      case "term": {
        if (!isObject(body) || Object.keys(body).length !== 1) throw bad("term needs exactly one field");
        const [field, value] = Object.entries(body)[0]!;
        return this.term(field, [this.scalar(field, value)]);
      }
      case "terms": {
        if (!isObject(body) || Object.keys(body).length !== 1) throw bad("terms needs exactly one field");
        const [field, values] = Object.entries(body)[0]!;
        if (!Array.isArray(values) || values.length === 0) throw bad(`terms on '${field}' needs a non-empty list`);
        return this.term(
          field,
          values.map((v) => this.scalar(field, v)),
        );
      }
      case "missing":
        return this.missing(body);
      case "exists":
        return not(this.missing(body));
      default:
        throw bad(`unsupported filter '${op}' (supported: and, or, not, range, term, terms, missing, exists, match_all)`);
    }
  }
}

/** The SQL condition of a `_search` value, or 400. `{}` and `{"filter": {"match_all": {}}}` match everything. */
export function searchCondition(raw: string): SQL | undefined {
  if (raw.length > SEARCH_LIMITS.maxChars) throw bad(`longer than ${SEARCH_LIMITS.maxChars} characters`);
  if (jsonDepth(raw) > SEARCH_LIMITS.maxDepth) throw bad(`nested deeper than ${SEARCH_LIMITS.maxDepth} levels`);
  let doc: Json;
  try {
    doc = JSON.parse(raw) as Json;
  } catch {
    throw bad("not valid JSON");
  }
  if (!isObject(doc)) throw bad("must be a JSON object");
  const unknown = Object.keys(doc).filter((k) => k !== "filter");
  if (unknown.length) throw bad(`only 'filter' is supported, not ${unknown.map((k) => `'${k}'`).join(", ")}`);
  if (doc.filter === undefined) return undefined;
  return new Translator().filter(doc.filter, 1);
}

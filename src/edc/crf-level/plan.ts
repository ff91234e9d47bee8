import { badRequest, type FieldError } from "../../lib/problem";
import { quoteIdent, type Column, type Relation } from "../catalog";
import { lowerBound, upperBound } from "../../lib/iso-date";
import type { Bind } from "../row-scope";
import type { CrfLevelInput } from "./schemas";

/**
 * WHERE clause of the CRF-level extracts (E2–E4) over the `cross_event_crf_data` view (one row per
 * event CRF with data). Filter keys are the row's columns (checked against the catalog and quoted
 * from it) or item names of the study's CRFs (compared as `items ->> $key`, the key bound as a
 * value). Every value is bound. Anything else: 400 naming the key, before any SQL runs.
 */
export const CRF_VIEW = "cross_event_crf_data";

/** Row columns of the CRF-level outputs, in output order (all are columns of the view): E3's JSON keys. */
export const ROW_COLUMNS = [
  "study",
  "site_id",
  "site",
  "subject",
  "event",
  "event_ordinal",
  "event_date",
  "crf",
  "crf_version",
  "crf_status",
  "event_crf_id",
  "date_updated",
] as const;

/** Fixed columns of E4's CSV per CRF, exactly the row of flaskdata-api.md §4.5 (the items follow). */
export const CRF_CSV_COLUMNS = ["site", "subject", "event", "event_ordinal", "crf", "crf_version", "crf_status", "date_updated"] as const;

/** Columns a filter may name: the row columns but the dates, which go through fromDate/toDate. */
const FILTER_COLUMNS = new Set<string>(ROW_COLUMNS.filter((c) => c !== "event_date" && c !== "date_updated"));

export interface WherePlan {
  /** SQL conditions, ANDed; empty when nothing filters. */
  conditions: string[];
  params: unknown[];
}

const INTEGER = /^(integer|bigint|smallint)$/;

/**
 * `limit` (site and subject roles) returns the condition that limits the rows to the caller's, its
 * values bound through the bind it is given.
 */
export function planCrfWhere(
  view: Relation,
  itemNames: ReadonlySet<string>,
  input: CrfLevelInput,
  limit?: (bind: Bind) => string,
): WherePlan {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const errors: FieldError[] = [];
  const bind = (value: unknown, type: string) => {
    params.push(value);
    // Sent as text and cast by PostgreSQL: a value that does not fit the type is a 22xxx error (400),
    // never a client-side serializer exception (postgres.js would call toISOString() on a bad date).
    return `$${params.length}::text::${type}`;
  };

  /** The SQL expression a filter key stands for, or null (error recorded). */
  const target = (key: string, path: string): { expr: string; type: string } | null => {
    const name = key.trim();
    const column: Column | undefined = FILTER_COLUMNS.has(name) ? view.columns.find((c) => c.name === name) : undefined;
    if (column) return { expr: quoteIdent(column.name), type: column.type };
    if (itemNames.has(key)) return { expr: `("items" ->> ${bind(key, "text")})`, type: "text" };
    errors.push({ path, message: `Unknown column or item ${JSON.stringify(key.slice(0, 100))}.` });
    return null;
  };
  const value = (v: unknown, type: string, path: string) => {
    if (INTEGER.test(type) && !(typeof v === "number" ? Number.isSafeInteger(v) : typeof v === "string" && /^-?\d{1,15}$/.test(v.trim()))) {
      errors.push({ path, message: "must be an integer" });
      return "NULL";
    }
    return bind(typeof v === "number" && !INTEGER.test(type) ? String(v) : typeof v === "boolean" ? String(v) : v, type);
  };

  for (const [key, v] of Object.entries(input.filters ?? {})) {
    const path = `/filters/${key}`;
    const t = target(key, path);
    if (!t) continue;
    if (v === null) conditions.push(`${t.expr} IS NULL`);
    else if (Array.isArray(v)) conditions.push(`${t.expr} IN (${v.map((x, i) => value(x, t.type, `${path}/${i}`)).join(", ")})`);
    else conditions.push(`${t.expr} = ${value(v, t.type, path)}`);
  }
  for (const [key, v] of Object.entries(input.filtersNotIn ?? {})) {
    const path = `/filtersNotIn/${key}`;
    const t = target(key, path);
    if (!t) continue;
    const list = Array.isArray(v) ? v : v.split("|");
    // "not one of these": a missing value (NULL) is not one of them, so it stays.
    conditions.push(`(${t.expr} IS NULL OR ${t.expr} NOT IN (${list.map((x, i) => value(x, t.type, `${path}/${i}`)).join(", ")}))`);
  }
  if (errors.length)
    throw badRequest("invalid_filter", `${errors.length} filter(s) name an unknown column or item, or carry a wrong value.`, errors);

  for (const bound of [input.fromDate && lowerBound(input.fromDate), input.toDate && upperBound(input.toDate)]) {
    if (bound) conditions.push(`"date_updated" ${bound.op} ${bind(bound.value, "timestamptz")}`);
  }
  if (limit) conditions.push(limit(bind));
  return { conditions, params };
}

/** `WHERE a AND b` (or nothing), with extra conditions that the caller binds itself. */
export function whereSql(plan: WherePlan, extra: string[] = []): string {
  const all = [...plan.conditions, ...extra];
  return all.length ? ` WHERE ${all.join(" AND ")}` : "";
}

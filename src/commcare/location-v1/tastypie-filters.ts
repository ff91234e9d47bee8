import { ccBadRequest } from "../errors";

/** Django/tastypie lookup names (QUERY_TERMS). */
export const QUERY_TERMS = new Set([
  "exact",
  "iexact",
  "contains",
  "icontains",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "range",
  "year",
  "month",
  "day",
  "week_day",
  "isnull",
  "search",
  "regex",
  "iregex",
  "date",
  "time",
  "hour",
  "minute",
  "second",
  "quarter",
  "week",
  "iso_year",
]);

export type FilterValue = string | string[] | boolean | null;

export interface ParsedFilter {
  field: string;
  lookup: string;
  value: FilterValue;
  raw: string;
}

export interface FilterSpec {
  /** Every field of the resource (filters on other names are ignored, §3.5 / Q4). */
  fields: readonly string[];
  /** Filterable fields: "ALL" lookups or an explicit list. */
  filtering: Record<string, "ALL" | readonly string[]>;
  /** v0.6 converts `last_modified.gte` to `last_modified__gte`. */
  dotted: boolean;
}

/** tastypie `filter_value_to_python`: true/false/none words, comma lists for `in` and `range`. */
export function filterValue(raw: string, lookup: string): FilterValue {
  if (raw === "true" || raw === "True") return true;
  if (raw === "false" || raw === "False") return false;
  if (raw === "nil" || raw === "none" || raw === "None") return null;
  if (lookup === "in" || lookup === "range") return raw.split(",");
  return raw;
}

/**
 * tastypie `build_filters` + `check_filtering` (commcare-api.md §3.5, §3.7): the last value of each
 * key; unknown names ignored; `The '<f>' field does not allow filtering.`;
 * `'<lookup>' is not an allowed filter on the '<f>' field.`.
 */
export function buildFilters(query: URLSearchParams, spec: FilterSpec): ParsedFilter[] {
  const last = new Map<string, string>();
  for (const [k, v] of query) last.set(k, v);
  const out: ParsedFilter[] = [];
  for (const [key, raw] of last) {
    const bits = (spec.dotted ? key.replace(/\./g, "__") : key).split("__");
    const field = bits.shift()!;
    if (!spec.fields.includes(field)) continue;
    let lookup = "exact";
    if (bits.length && QUERY_TERMS.has(bits[bits.length - 1]!)) lookup = bits.pop()!;
    const allowed = spec.filtering[field];
    if (!allowed) throw ccBadRequest(`The '${field}' field does not allow filtering.`);
    if (allowed !== "ALL" && !allowed.includes(lookup)) throw ccBadRequest(`'${lookup}' is not an allowed filter on the '${field}' field.`);
    if (bits.length) throw ccBadRequest(`Lookups are not allowed more than one level deep on the '${field}' field.`);
    out.push({ field, lookup, value: filterValue(raw, lookup), raw });
  }
  return out;
}

import { and, between, eq, gt, gte, inArray, isNotNull, isNull, like, lt, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { djangoDateTimeMessage, parseDjangoDateTime } from "../dates";
import { ccBadRequest } from "../errors";
import { decimalMessage, pythonDecimalStr } from "./decimal";
import type { ParsedFilter } from "./tastypie-filters";

export type ColumnKind = "text" | "datetime" | "decimal";
export interface FilterColumn {
  column: SQLiteColumn;
  kind: ColumnKind;
}

/** A Django ValidationError as tastypie renders it: the stringified message list. */
const datetimeError = (v: string) => ccBadRequest(`["${djangoDateTimeMessage(v)}"]`);
const decimalError = (v: string) => ccBadRequest(`['${decimalMessage(v)}']`);

function convert(kind: ColumnKind, v: string): string | number {
  if (kind === "datetime") {
    const parsed = parseDjangoDateTime(v);
    if (parsed === null) throw datetimeError(v);
    return parsed;
  }
  if (kind === "decimal") {
    const d = pythonDecimalStr(v);
    if (d === null || !Number.isFinite(Number(d))) throw decimalError(v);
    return Number(d);
  }
  return v;
}

const asList = (v: ParsedFilter["value"]) => (Array.isArray(v) ? v : v === null ? [] : [String(v)]);
const asText = (v: ParsedFilter["value"]) =>
  Array.isArray(v) ? v.join(",") : v === null ? "" : typeof v === "boolean" ? (v ? "True" : "False") : v;

/** One tastypie filter as SQL on a column of the given kind (values always bound). */
export function filterSql(f: ParsedFilter, col: FilterColumn): SQL {
  const c = col.kind === "decimal" ? sql`CAST(${col.column} AS REAL)` : sql`${col.column}`;
  const one = () => convert(col.kind, asText(f.value));
  const part = (fmt: string) => sql`CAST(strftime(${fmt}, ${col.column}) AS INTEGER)`;
  switch (f.lookup) {
    case "exact":
      return f.value === null ? isNull(col.column) : sql`${c} = ${one()}`;
    case "iexact":
      return f.value === null ? isNull(col.column) : sql`lower(${c}) = lower(${one()})`;
    case "gt":
      return sql`${c} > ${one()}`;
    case "gte":
      return sql`${c} >= ${one()}`;
    case "lt":
      return sql`${c} < ${one()}`;
    case "lte":
      return sql`${c} <= ${one()}`;
    case "in": {
      const values = asList(f.value).map((v) => convert(col.kind, v));
      return values.length
        ? sql`${c} IN (${sql.join(
            values.map((v) => sql`${v}`),
            sql`, `,
          )})`
        : sql`0`;
    }
    case "range": {
      const values = asList(f.value).map((v) => convert(col.kind, v));
      if (values.length !== 2) throw ccBadRequest(`'range' filter on the '${f.field}' field needs two values.`);
      return sql`${c} BETWEEN ${values[0]!} AND ${values[1]!}`;
    }
    case "isnull":
      return f.value === true || f.value === "1" ? isNull(col.column) : isNotNull(col.column);
    case "year":
      return sql`${part("%Y")} = ${Number(asText(f.value))}`;
    case "month":
      return sql`${part("%m")} = ${Number(asText(f.value))}`;
    case "day":
      return sql`${part("%d")} = ${Number(asText(f.value))}`;
    case "contains":
      return sql`instr(${col.column}, ${asText(f.value)}) > 0`;
    case "icontains":
      return sql`instr(lower(${col.column}), lower(${asText(f.value)})) > 0`;
    case "startswith":
      return sql`substr(${col.column}, 1, length(${asText(f.value)})) = ${asText(f.value)}`;
    case "istartswith":
      return like(col.column, `${asText(f.value).replace(/[%_\\]/g, "\\$&")}%`);
    case "endswith":
      return sql`substr(${col.column}, -length(${asText(f.value)})) = ${asText(f.value)}`;
    case "iendswith":
      return like(col.column, `%${asText(f.value).replace(/[%_\\]/g, "\\$&")}`);
    default:
      throw ccBadRequest(`'${f.lookup}' is not an allowed filter on the '${f.field}' field.`);
  }
}

export function filtersSql(filters: ParsedFilter[], columns: Record<string, FilterColumn>): SQL | undefined {
  const parts = filters.map((f) => filterSql(f, columns[f.field]!));
  return parts.length ? and(...parts) : undefined;
}

// Re-exported for callers building their own conditions.
export { and, between, eq, gt, gte, inArray, lt, lte };

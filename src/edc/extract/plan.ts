import { isIsoDateTime, lowerBound, upperBound } from "../../lib/iso-date";
import { badRequest, type FieldError } from "../../lib/problem";
import { isDenied, isQuotable, quoteIdent, type Catalog, type Column, type FunctionInfo, type Relation } from "../catalog";
import { scopeCondition, type RowScope } from "../row-scope";

export type Scalar = string | number | boolean;
export type FilterValue = Scalar | null | Scalar[];

export interface ExtractRequest {
  tableName: string;
  fromDate?: string;
  toDate?: string;
  sort?: string;
  filters?: Record<string, FilterValue>;
  inputVariables?: Record<string, Scalar | null>;
}

export interface ExtractPlan {
  text: string;
  params: unknown[];
  /** Result columns when known from the catalog (relations always; functions with RETURNS TABLE). */
  columns: Column[];
  relation: string;
}

/** Return types that `SELECT * FROM f()` cannot read (an anonymous record needs a column list). */
const UNCALLABLE_RETURNS = new Set(["record", "trigger", "event_trigger", "void"]);

/** flaskdata-api.md §5.5: `name`, `schema.name`, either with `()` for a function. */
const TABLE_NAME = /^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*(\(\))?$/;

function invalid(path: string, message: string): never {
  throw badRequest("invalid_identifier", message, [{ path, message }]);
}

function resolveTarget(catalog: Catalog, tableName: string): Relation | FunctionInfo {
  const raw = tableName.trim();
  if (!TABLE_NAME.test(raw)) invalid("/tableName", `${JSON.stringify(tableName.slice(0, 100))} is not a table, view or function name.`);
  const isCall = raw.endsWith("()");
  const bare = isCall ? raw.slice(0, -2) : raw;
  const [schemaPart, name] = bare.includes(".") ? (bare.split(".") as [string, string]) : [null, bare];
  const unknown = () => invalid("/tableName", `Unknown table, view or function ${JSON.stringify(raw)} in this EDC database.`);
  if (schemaPart !== null && schemaPart !== catalog.schema) return unknown();
  const relation = isCall ? undefined : catalog.relations.get(name);
  if (relation) {
    if (isDenied(relation)) invalid("/tableName", `${JSON.stringify(raw)} holds credentials and cannot be extracted.`);
    return relation;
  }
  const fn = catalog.functions.get(name);
  if (!fn) return unknown();
  if (fn.volatile)
    invalid(
      "/tableName",
      `${JSON.stringify(raw)} is a VOLATILE function and may change data; only STABLE or IMMUTABLE functions can be extracted.`,
    );
  if (fn.overloads > 1) invalid("/tableName", `${JSON.stringify(raw)} is overloaded; it cannot be called by name alone.`);
  if (isDenied(fn)) invalid("/tableName", `${JSON.stringify(raw)} returns credentials and cannot be extracted.`);
  if (fn.args.some((a) => a.name === ""))
    invalid("/tableName", `${JSON.stringify(raw)} has unnamed arguments; extract-data calls functions with named arguments only.`);
  if (UNCALLABLE_RETURNS.has(fn.returns) && fn.columns.length === 0)
    invalid("/tableName", `${JSON.stringify(raw)} returns ${fn.returns}, which cannot be read as rows.`);
  return fn;
}

const INTEGER_RANGES: Record<string, bigint> = { smallint: 32767n, integer: 2147483647n, bigint: 9223372036854775807n };
const NUMERIC_TYPE = /^(numeric|decimal)(\(\d+(,\s*-?\d+)?\))?$|^real$|^double precision$/;
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const BOOLEAN_TEXT = /^\s*(t|true|f|false|y|yes|n|no|on|off|1|0)\s*$/i;
const DATE_TYPE = /^date$/;
const TIMESTAMP_TYPE = /^timestamp(\(\d\))? with(out)? time zone$/;
/**
 * Why `value` cannot be a value of `type`, checked before anything is sent: integers (range
 * included), numerics, booleans, dates and timestamps (ISO 8601 only, flaskdata-api.md §0.4). null
 * when it fits, and for other types, where PostgreSQL's own cast decides (a misfit there is SQLSTATE
 * 22xxx, answered 400 invalid_value).
 */
export function misfit(value: unknown, type: string): string | null {
  if (value === null) return null;
  const max = INTEGER_RANGES[type];
  if (max !== undefined) {
    const text =
      typeof value === "number"
        ? Number.isInteger(value)
          ? BigInt(value).toString()
          : null
        : typeof value === "string"
          ? value.trim()
          : null;
    if (text === null || !/^[+-]?\d+$/.test(text)) return `must be an integer (${type})`;
    const n = BigInt(text);
    return n > max || n < -max - 1n ? `is out of range for ${type}` : null;
  }
  if (NUMERIC_TYPE.test(type)) {
    const ok = typeof value === "number" ? Number.isFinite(value) : typeof value === "string" && NUMBER_TEXT.test(value);
    return ok ? null : `must be a number (${type})`;
  }
  if (type === "boolean") {
    const ok = typeof value === "boolean" || value === 0 || value === 1 || (typeof value === "string" && BOOLEAN_TEXT.test(value));
    return ok ? null : "must be true or false (boolean)";
  }
  if (DATE_TYPE.test(type) || TIMESTAMP_TYPE.test(type)) {
    return typeof value === "string" && isIsoDateTime(value.trim()) ? null : `must be an ISO 8601 date or date-time (${type})`;
  }
  return null;
}

function columnOf(columns: Column[], name: string, path: string, what: string): Column {
  const col = columns.find((c) => c.name === name.trim());
  if (!col) invalid(path, `Unknown ${what} column ${JSON.stringify(name.slice(0, 100))}.`);
  return col;
}

/**
 * Turns an extract-data request into one SQL statement with every identifier taken from the
 * catalog (quoted) and every value bound and cast to the catalog's type. Throws 400 naming the bad
 * identifier before anything reaches the database. With `rows` (site and subject roles) the rows
 * are limited to the caller's sites or subject.
 */
export function planExtract(catalog: Catalog, req: ExtractRequest, rows: RowScope | null = null): ExtractPlan {
  const target = resolveTarget(catalog, req.tableName);
  const params: unknown[] = [];
  const valueErrors: FieldError[] = [];
  const bind = (value: unknown, type: string, path?: string) => {
    const problem = path ? misfit(value, type) : null;
    if (problem) valueErrors.push({ path: path!, message: problem });
    params.push(value);
    // Sent as text and cast by PostgreSQL: a value that does not fit the type is a 22xxx error (400),
    // never a client-side serializer exception (postgres.js would call toISOString() on a bad date).
    return `$${params.length}::text::${type}`;
  };
  const schema = quoteIdent(catalog.schema);
  let from: string;
  if (target.kind === "function") {
    const vars = req.inputVariables ?? {};
    const args: string[] = [];
    const errors: FieldError[] = [];
    for (const key of Object.keys(vars)) {
      if (!target.args.some((a) => a.name === key))
        errors.push({ path: `/inputVariables/${key}`, message: `${target.name}() has no argument ${JSON.stringify(key.slice(0, 64))}.` });
    }
    target.args.forEach((arg, i) => {
      const required = i < target.args.length - target.defaults;
      const path = `/inputVariables/${arg.name}`;
      if (Object.hasOwn(vars, arg.name)) args.push(`${quoteIdent(arg.name, path)} => ${bind(vars[arg.name], arg.type, path)}`);
      else if (required) errors.push({ path, message: `${target.name}() needs argument ${arg.name}.` });
    });
    if (errors.length) throw badRequest("invalid_input_variables", `The inputVariables do not match ${target.name}().`, errors);
    from = `${schema}.${quoteIdent(target.name)}(${args.join(", ")})`;
  } else {
    if (req.inputVariables && Object.keys(req.inputVariables).length > 0) {
      invalid("/inputVariables", `${target.name} is a ${target.kind}; inputVariables apply to functions only.`);
    }
    from = `${schema}.${quoteIdent(target.name)}`;
  }

  const columns = target.columns;
  // Site and subject roles: only the caller's rows (403 naming the relation when they cannot be told apart).
  const where: string[] = rows ? [scopeCondition(catalog, target, rows, (value, type) => bind(value, type))] : [];
  for (const [key, value] of Object.entries(req.filters ?? {})) {
    const path = `/filters/${key}`;
    const col = columnOf(columns, key, path, "filter");
    const ident = quoteIdent(col.name, path);
    if (value === null) where.push(`${ident} IS NULL`);
    else if (Array.isArray(value)) where.push(`${ident} IN (${value.map((v, i) => bind(v, col.type, `${path}/${i}`)).join(", ")})`);
    else where.push(`${ident} = ${bind(value, col.type, path)}`);
  }
  if (valueErrors.length)
    throw badRequest("invalid_value", "A filter or input variable does not fit the type of its column or argument.", valueErrors);

  if (req.fromDate || req.toDate) {
    const has = (n: string) => columns.some((c) => c.name === n);
    const dateExpr =
      has("date_updated") && has("date_created")
        ? `COALESCE("date_updated", "date_created")`
        : has("date_updated")
          ? `"date_updated"`
          : has("date_created")
            ? `"date_created"`
            : null;
    if (!dateExpr)
      invalid(req.fromDate ? "/fromDate" : "/toDate", `${target.name} has neither date_updated nor date_created; dates cannot filter it.`);
    for (const bound of [req.fromDate && lowerBound(req.fromDate), req.toDate && upperBound(req.toDate)]) {
      if (bound) where.push(`${dateExpr} ${bound.op} ${bind(bound.value, "timestamptz")}`);
    }
  }

  const order: string[] = [];
  if (req.sort?.trim()) {
    for (const [i, part] of req.sort.split(",").entries()) {
      const m = /^\s*([a-z_][a-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
      if (!m)
        invalid(
          "/sort",
          `Sort item ${i + 1} ${JSON.stringify(part.slice(0, 100))} must be a column name, optionally followed by asc or desc.`,
        );
      const col = columnOf(columns, m[1]!, "/sort", "sort");
      order.push(`${quoteIdent(col.name, "/sort")} ${m[2]?.toLowerCase() === "desc" ? "DESC" : "ASC"}`);
    }
  } else if (target.kind === "table" && target.primaryKey.length && target.primaryKey.every(isQuotable)) {
    // Default order: the primary key (left out, rather than refused, when a key column is not plain).
    order.push(...target.primaryKey.map((c) => `${quoteIdent(c)} ASC`));
  }

  const text = `SELECT * FROM ${from}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}${order.length ? ` ORDER BY ${order.join(", ")}` : ""}`;
  return { text, params, columns, relation: target.name };
}

import type { EdcSql } from "../db/edc";
import { badRequest } from "../lib/problem";

/** What the EDC's own catalog says about one schema: the only source of identifiers for SQL. */
export interface Column {
  name: string;
  /** `format_type()` of the column: used to cast bound values. */
  type: string;
}

export interface Relation {
  kind: "table" | "view";
  name: string;
  columns: Column[];
  primaryKey: string[];
}

export interface FunctionInfo {
  kind: "function";
  name: string;
  volatile: boolean;
  /** Input arguments in order; the last `defaults` of them may be omitted. */
  args: Column[];
  defaults: number;
  /**
   * Result columns: RETURNS TABLE / OUT arguments, or the columns of the composite type it returns
   * (`RETURNS SETOF some_table`); empty when the catalog does not name them.
   */
  columns: Column[];
  /** The relation whose row type it returns, if any (`RETURNS SETOF user_account`). */
  returnsRelation: string | null;
  /** `format_type()` of the return type. */
  returns: string;
  overloads: number;
}

export interface Catalog {
  schema: string;
  relations: Map<string, Relation>;
  functions: Map<string, FunctionInfo>;
}

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; catalog: Catalog }>();

const RELATIONS_SQL = `
  select c.relname as name, c.relkind as kind, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
         coalesce(a.attnum = any(i.indkey), false) as pk
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_index i on i.indrelid = c.oid and i.indisprimary
   where n.nspname = $1 and c.relkind in ('r', 'v', 'm', 'p')
   order by c.relname, a.attnum`;

const FUNCTIONS_SQL = `
  -- arrays as json: the client is created with fetch_types: false and would not parse text[]
  select p.proname as name, p.provolatile as volatility, p.pronargs as nargs, p.pronargdefaults as ndefaults,
         to_json(coalesce(p.proargnames, '{}')) as argnames, to_json(coalesce(p.proargmodes::text[], '{}')) as argmodes,
         to_json(array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) t)) as argtypes,
         format_type(p.prorettype, null) as rettype, rc.relname as retrelation,
         (select coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) order by a.attnum), '[]')
            from pg_attribute a where a.attrelid = rt.typrelid and a.attnum > 0 and not a.attisdropped) as retcolumns
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    join pg_type rt on rt.oid = p.prorettype
    left join pg_class rc on rc.oid = rt.typrelid
   where n.nspname = $1 and p.prokind = 'f'`;

function buildFunctions(rows: readonly Record<string, unknown>[]): Map<string, FunctionInfo> {
  const out = new Map<string, FunctionInfo>();
  for (const r of rows) {
    const names = r.argnames as string[];
    const modes = r.argmodes as string[];
    const types = r.argtypes as string[];
    const args: Column[] = [];
    const columns: Column[] = [];
    types.forEach((type, i) => {
      const mode = modes[i] ?? "i";
      const col = { name: names[i] ?? "", type };
      if (mode === "i" || mode === "b" || mode === "v") args.push(col);
      if (mode === "o" || mode === "t" || mode === "b") columns.push(col);
    });
    const name = r.name as string;
    const previous = out.get(name);
    out.set(name, {
      kind: "function",
      name,
      volatile: r.volatility === "v",
      args,
      defaults: Number(r.ndefaults),
      columns: columns.length ? columns : (r.retcolumns as Column[]),
      returnsRelation: (r.retrelation as string | null) ?? null,
      returns: r.rettype as string,
      overloads: (previous?.overloads ?? 0) + 1,
    });
  }
  return out;
}

/** The schema's relations and functions, cached per isolate for a minute (catalogs change rarely). */
export async function loadCatalog(sql: EdcSql, schema: string, dbname: string): Promise<Catalog> {
  const hit = cache.get(dbname);
  if (hit && hit.catalog.schema === schema && Date.now() - hit.at < CACHE_MS) return hit.catalog;
  const [relRows, fnRows] = await Promise.all([sql.unsafe(RELATIONS_SQL, [schema]), sql.unsafe(FUNCTIONS_SQL, [schema])]);
  const relations = new Map<string, Relation>();
  for (const r of relRows) {
    const name = r.name as string;
    let rel = relations.get(name);
    if (!rel) {
      rel = { kind: r.kind === "v" || r.kind === "m" ? "view" : "table", name, columns: [], primaryKey: [] };
      relations.set(name, rel);
    }
    rel.columns.push({ name: r.column as string, type: r.type as string });
    if (r.pk) rel.primaryKey.push(r.column as string);
  }
  const catalog = { schema, relations, functions: buildFunctions(fnRows) };
  cache.set(dbname, { at: Date.now(), catalog });
  return catalog;
}

const CREDENTIAL_COLUMN = /pass(wd|word)|secret|token/i;

/**
 * Credentials are never extractable: user_account and anything with a password-like column, for
 * tables and views, and for functions by their result columns and the row type they return.
 */
export function isDenied(target: Relation | FunctionInfo): boolean {
  if (target.name === "user_account" || target.columns.some((c) => CREDENTIAL_COLUMN.test(c.name))) return true;
  return target.kind === "function" && target.returnsRelation === "user_account";
}

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/** A plain lower-case identifier, the only kind quoteIdent accepts. */
export const isQuotable = (name: string) => PLAIN_NAME.test(name);

/**
 * The only way an identifier reaches SQL text: quoted, and only when it is a plain lower-case name.
 * Every name handed here came from the catalog; one that is not plain (capitals, spaces, an unnamed
 * function argument) cannot be used by this API, which answers 400 naming it (at `path` of the request).
 */
export function quoteIdent(name: string, path?: string): string {
  if (!PLAIN_NAME.test(name)) {
    const message =
      name === ""
        ? "An unnamed function argument cannot be passed: inputVariables name arguments (named notation)."
        : `The EDC catalog name ${JSON.stringify(name.slice(0, 100))} cannot be used: this API supports lower-case names (a-z, 0-9, _) only.`;
    throw badRequest("unsupported_identifier", message, path ? [{ path, message }] : undefined);
  }
  return `"${name}"`;
}

import { edcChecksum, edcSql } from "./edc";

/**
 * Everything an injected statement could change in the EDC schemas: every table's row count and
 * md5 (edcChecksum), plus the catalog (relations, columns, views' and functions' definitions,
 * indexes, sequences' positions) and the list of schemas and roles. Equal fingerprints = unchanged.
 */
export async function edcFingerprint(schemas = ["cc_demo", "cc_other"]) {
  const sql = edcSql();
  // fetch_types is off, so arrays go as PostgreSQL array literals (schema names are plain identifiers)
  const list = `{${schemas.join(",")}}`;
  const [catalog] = await sql.unsafe(
    `select
       (select md5(string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' || c.relnatts::text, ',' order by n.nspname, c.relname))
          from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = any($1::text[])) as relations,
       (select md5(string_agg(table_schema || '.' || table_name || '.' || column_name || ':' || data_type, ',' order by table_schema, table_name, ordinal_position))
          from information_schema.columns where table_schema = any($1::text[])) as columns,
       (select md5(string_agg(schemaname || '.' || viewname || ':' || definition, ',' order by schemaname, viewname))
          from pg_views where schemaname = any($1::text[])) as views,
       (select md5(string_agg(n.nspname || '.' || p.proname || ':' || p.provolatile::text || ':' || md5(p.prosrc), ',' order by n.nspname, p.proname))
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = any($1::text[])) as functions,
       (select md5(string_agg(schemaname || '.' || indexname || ':' || indexdef, ',' order by schemaname, indexname))
          from pg_indexes where schemaname = any($1::text[])) as indexes,
       (select string_agg(nspname, ',' order by nspname) from pg_namespace where nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%' and nspname = any($1::text[] || array['public', 'pg_catalog', 'information_schema'])) as schemas,
       (select string_agg(rolname, ',' order by rolname) from pg_roles) as roles`,
    [list],
  );
  const sequences = await sql.unsafe(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname = any($1::text[]) order by 1`,
    [list],
  );
  const positions: string[] = [];
  for (const s of sequences) {
    const [name, rel] = String(s.name).split(".") as [string, string];
    const [r] = await sql.unsafe(`select last_value::text || ':' || is_called::text as v from "${name}"."${rel}"`);
    positions.push(`${s.name}=${r!.v}`);
  }
  return { tables: await edcChecksum(schemas), catalog: { ...catalog }, sequences: positions.join(",") };
}

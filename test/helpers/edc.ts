import { env } from "cloudflare:workers";
import postgres from "postgres";
import { login, post } from "./http";

let token: string | undefined;
/** A Demo Clinic API-user token, logged in once per test file. */
export async function demoToken() {
  token ??= await login("api@demo.test");
  return token;
}

export async function edcPost(path: string, body: unknown, opts: { edc?: string; token?: string; accept?: string } = {}) {
  return post(path, body, {
    token: opts.token ?? (await demoToken()),
    edc: opts.edc ?? "cc_demo",
    headers: opts.accept ? { accept: opts.accept } : {},
  });
}

/** Direct SQL on the EDC database (test-only), through the same Hyperdrive binding the Worker uses. */
export function edcSql() {
  return postgres(env.EDC.connectionString, { max: 1, fetch_types: false, onnotice: () => {} });
}

/** Row counts and an md5 over every row of every table of the EDC schemas: proof that nothing changed. */
export async function edcChecksum(schemas = ["cc_demo", "cc_other"]) {
  const sql = edcSql();
  const tables =
    await sql`select table_schema, table_name from information_schema.tables where table_schema in ${sql(schemas)} and table_type = 'BASE TABLE' order by 1, 2`;
  const parts: string[] = [];
  for (const t of tables) {
    const q = `"${t.table_schema}"."${t.table_name}"`;
    const [r] = await sql.unsafe(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${q} t`,
    );
    parts.push(`${t.table_schema}.${t.table_name}:${r!.n}:${r!.h}`);
  }
  return parts.join("\n");
}

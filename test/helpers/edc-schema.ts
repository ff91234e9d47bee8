import { env } from "cloudflare:workers";
import postgres from "postgres";
// @ts-expect-error plain ESM module (scripts/edc/load.mjs): no fs needed when migrations are passed in
import { loadEdc } from "../../scripts/edc/load.mjs";
import schemaSql from "../../migrations/edc/0001_clincapture_schema.sql?raw";
import viewsSql from "../../migrations/edc/0002_views.sql?raw";

/**
 * Loads a fresh copy of the demo EDC (the "Demo Study" design and data of cc_demo) into `schema`,
 * dropping what was there: for suites that write (create-subject), so cc_demo itself never changes.
 * The schema must also be in the test EDC_REGISTRY (vitest.config.mts) and have a D1 study.
 */
export async function loadDemoCopy(schema: string) {
  const sql = postgres(env.EDC.connectionString, { max: 1, fetch_types: false, onnotice: () => {} });
  const migrations = [
    { name: "0001_clincapture_schema.sql", sql: schemaSql },
    { name: "0002_views.sql", sql: viewsSql },
  ];
  await loadEdc((text: string) => sql.unsafe(text), { schemas: [schema], reset: true, migrations });
  return sql;
}

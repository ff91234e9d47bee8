import { env } from "cloudflare:workers";
import { edcSql } from "./edc";

/**
 * A test-only EDC schema, built from `ddl` (run with search_path = that schema) after dropping any
 * earlier copy, and a Flask study of Demo Clinic (customer 1) whose dbname names it, so the Demo
 * API user may read it. The dbname must be in the test EDC_REGISTRY (vitest.config.mts); cc_demo
 * and cc_other are never touched, so the injection suite's fingerprint stays the same.
 */
export async function createEdgeSchema(schema: string, ddl: string, studyId: number) {
  if (!/^cc_[a-z0-9_]+$/.test(schema) || ["cc_demo", "cc_other"].includes(schema)) throw new Error(`not a test schema: ${schema}`);
  const sql = edcSql();
  // One simple-protocol string is one implicit transaction: SET LOCAL ends with it, even on an error
  // (PGlite has a single session, shared by every connection).
  await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"; SET LOCAL search_path TO "${schema}";\n${ddl}`);
  await registerEdcStudy(studyId, schema);
  return sql;
}

/** A Demo Clinic study that uses EDC database `dbname` (D1 is per test file). */
export async function registerEdcStudy(studyId: number, dbname: string) {
  await env.DB.prepare("insert into studies (id, customer_id, brief_title, unique_protocolid, dbname) values (?, 1, ?, ?, ?)")
    .bind(studyId, `Test study ${dbname}`, `TEST-${studyId}`, dbname)
    .run();
}

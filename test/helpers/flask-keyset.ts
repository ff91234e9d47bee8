import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { d1 } from "../../src/db/d1";
import type { Scope } from "../../src/scope";

/**
 * The keyset reads of src/flask seek their index to the cursor: EXPLAIN QUERY PLAN of the very SQL the
 * code sends (drizzle's toSQL, or F1's page builder) SEARCHes an index with the cursor as a range bound
 * and never sorts, and D1's rows_read of a page deep in the table is the page, not the rows before it.
 */
export const db = d1(env.DB);
type Query = { sql: string; params: unknown[] };

async function plan(q: Query): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
    .bind(...q.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/** The plan's access to `table`: its one SEARCH line (a plan without one, a SCAN or a sort fails). */
export async function search(q: Query, table: string): Promise<string> {
  const lines = await plan(q);
  expect(
    lines.filter((l) => l.startsWith(`SCAN ${table}`) || l.includes("TEMP B-TREE")),
    lines.join("\n"),
  ).toEqual([]);
  const found = lines.filter((l) => l.startsWith(`SEARCH ${table} `));
  expect(found, lines.join("\n")).toHaveLength(1);
  return found[0]!;
}

export async function rowsRead(q: Query) {
  const r = await env.DB.prepare(q.sql)
    .bind(...q.params)
    .all();
  return { rows: r.results.length, read: r.meta.rows_read as number };
}

export const admin: Scope = { customerId: 1, roleId: 2, userId: 2, studyIds: null, siteIds: null, sites: null, subject: null };
export const studyRole: Scope = { ...admin, roleId: 3, userId: 3, studyIds: [101] };
export const siteRole: Scope = {
  ...admin,
  roleId: 4,
  userId: 4,
  studyIds: [101],
  siteIds: [1001],
  sites: [{ id: 1001, studyId: 101, code: "DEMO-S01" }],
};
const BULK = 3000;
/** The instant of bulk log `i`: one a second from 2027-01-01. */
export const at = (i: number) => new Date(Date.UTC(2027, 0, 1) + i * 1000).toISOString();

/** 3000 more logs of study 101 (customer 1), one a second from 2027-01-01, so that a cursor can be deep. */
export async function insertBulkLogs() {
  const stmt = env.DB.prepare(
    "insert into device_logs (customer_id, study_id, device_id, log_date, date_created, payload) values (1, 101, ?, ?, ?, '{}')",
  );
  await env.DB.batch(Array.from({ length: BULK }, (_, i) => stmt.bind(`BULK-${i % 3}`, at(i), at(i))));
}

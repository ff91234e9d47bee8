// Bulk benchmark data for D1, generated inside SQLite (recursive CTEs, INSERT … SELECT) in chunks, with a
// progress bar. Benchmark data only: it bypasses the routes and the audit trail on purpose.
import { progress } from "./progress";

const BENCH_CUSTOMER = 1; // Demo Clinic
const CHUNK = 10_000;

const one = async <T>(db: D1Database, sql: string, ...binds: unknown[]) =>
  (await db
    .prepare(sql)
    .bind(...binds)
    .first<T>()) ?? null;

/** A Flask study of Demo Clinic whose dbname is `dbname` (an EDC schema of the bench), so /edc accepts it. */
export async function ensureEdcStudy(db: D1Database, dbname: string): Promise<{ id: number; added: boolean }> {
  const found = await one<{ id: number }>(db, "select id from studies where customer_id = ? and dbname = ?", BENCH_CUSTOMER, dbname);
  if (found) return { id: found.id, added: false };
  const next = await one<{ id: number }>(db, "select max(max(id) + 1, 900) as id from studies");
  const id = next!.id;
  await db
    .prepare("insert into studies (id, customer_id, brief_title, official_title, unique_protocolid, dbname) values (?, ?, ?, ?, ?, ?)")
    .bind(id, BENCH_CUSTOMER, `Bench ${dbname}`, `Benchmark study on EDC ${dbname}`, `BENCH-${dbname}`, dbname)
    .run();
  return { id, added: true };
}

/** Inserts `total - have` rows in chunks of CHUNK with `chunkSql(from, to)` (1-based, inclusive). */
export async function fillTo(
  db: D1Database,
  label: string,
  have: number,
  total: number,
  chunkSql: (from: number, to: number) => string,
): Promise<{ had: number; added: number; seconds: number }> {
  const t0 = performance.now();
  if (have >= total) return { had: have, added: 0, seconds: 0 };
  progress(have, total, t0, label);
  for (let a = have + 1; a <= total; a += CHUNK) {
    const z = Math.min(total, a + CHUNK - 1);
    await db.exec(chunkSql(a, z).replace(/\s*\n\s*/g, " "));
    progress(z, total, t0, label);
  }
  return { had: have, added: total - have, seconds: (performance.now() - t0) / 1000 };
}

/** `WITH RECURSIVE seq(i)` from `a` to `z`: prefix of an INSERT … SELECT … FROM seq. */
export const seq = (a: number, z: number) => `WITH RECURSIVE seq(i) AS (SELECT ${a} UNION ALL SELECT i + 1 FROM seq WHERE i < ${z})`;

const tableExists = async (db: D1Database, name: string) =>
  (await one<{ n: number }>(db, "select count(*) as n from sqlite_master where type = 'table' and name = ?", name))!.n > 0;

export const BENCH_STUDY = 101; // Demo Study (cc_demo) of Demo Clinic
const DEVICES = 50;
/** Bench rows take ids from here on, far above anything the demo seed (which may grow) or a test writes. */
const BENCH_ID_BASE = 10_000_000;

/**
 * `total` device logs of the Demo Study from 50 devices (device_id BENCH-DEV-xx), one every 13 s from
 * 2025-01-01, in id order, each with a small JSON payload. Log i (1-based) has log_date 2025-01-01 + 13·i s
 * and date_created 5 s later: test/bench/areas/flask.mjs (firstBenchLogs) selects the first n by that date.
 */
async function deviceLogs(db: D1Database, total: number) {
  if (!(await tableExists(db, "device_logs"))) return { skipped: "no device_logs table" };
  const have = (await one<{ n: number }>(db, "select count(*) as n from device_logs where device_id like 'BENCH-DEV-%'"))!.n;
  return fillTo(
    db,
    "device_logs",
    have,
    total,
    (a, z) => `${seq(a, z)}
    INSERT INTO device_logs (id, customer_id, study_id, device_id, subject_label, log_type, payload, log_date, created_by, date_created)
    SELECT ${BENCH_ID_BASE} + i, ${BENCH_CUSTOMER}, ${BENCH_STUDY}, 'BENCH-DEV-' || printf('%02d', i % ${DEVICES}),
           'DEMO-S01-' || printf('%03d', 1 + i % 40), CASE i % 3 WHEN 0 THEN 'steps' WHEN 1 THEN 'heart_rate' ELSE 'battery' END,
           json_object('battery', 100 - i % 100, 'steps', (i * 37) % 20000, 'hr', 55 + (i * 13) % 70, 'fw', '1.4.' || (i % 7)),
           strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01T00:00:00Z', '+' || (i * 13) || ' seconds'), 2,
           strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01T00:00:00Z', '+' || (i * 13 + 5) || ' seconds')
      FROM seq`,
  );
}

/** `total` open cases of CommCare domain `demo` (id bench-case-NNNNNN), modified one per minute from 2025-01-01. */
async function cases(db: D1Database, total: number) {
  if (!(await tableExists(db, "cc_cases"))) return { skipped: "no cc_cases table" };
  const domain = await one<{ id: number }>(db, "select id from cc_domains where name = 'demo'");
  if (!domain) return { skipped: "no CommCare domain demo in the seed" };
  const have = (await one<{ n: number }>(db, "select count(*) as n from cc_cases where id like 'bench-case-%'"))!.n;
  const ts = (offset: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01T00:00:00Z', '+' || (i * 60 ${offset}) || ' seconds')`;
  return fillTo(
    db,
    "cc_cases",
    have,
    total,
    (a, z) => `${seq(a, z)}
    INSERT INTO cc_cases (id, domain_id, case_type, name, owner_id, user_id, external_id, opened_by, opened_on, closed,
                          modified_on, server_modified_on, server_opened_on, indexed_on, properties, xform_ids)
    SELECT 'bench-case-' || printf('%06d', i), ${domain.id}, 'patient', 'Bench patient ' || i, 'bench-owner-' || (i % 20),
           'bench-user-' || (i % 20), 'EXT-' || i, 'bench-user-' || (i % 20), ${ts("")}, 0,
           ${ts("+ 30")}, ${ts("+ 31")}, ${ts("+ 1")}, ${ts("+ 32")},
           json_object('age', 18 + i % 60, 'village', 'Village ' || (i % 300), 'visits', i % 12), '[]'
      FROM seq`,
  );
}

/** Loaders by command-line name (`--device-logs N`, `--cases N`). */
export const bulkLoaders: Record<string, (db: D1Database, total: number) => Promise<unknown>> = {
  "device-logs": deviceLogs,
  cases,
};

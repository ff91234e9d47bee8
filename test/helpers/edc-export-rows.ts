import { createEdgeSchema } from "./edc-edge-schema";

/** Rows of the export-job tables: ~120 bytes each as NDJSON, so 120,000 of them make three 5 MiB parts. */
export const EXPORT_ROWS = 120_000;

/** A test-only EDC schema with one table, export_rows (id integer primary key), registered for Demo Clinic. */
export function createExportSchema(schema: string, studyId: number) {
  return createEdgeSchema(
    schema,
    `CREATE TABLE export_rows (id integer PRIMARY KEY, label text NOT NULL, date_created timestamptz NOT NULL);
     INSERT INTO export_rows
       SELECT g, 'row-' || g || '-' || repeat('x', 40), timestamptz '2019-01-01 00:00:00+00' + g * interval '1 minute'
         FROM generate_series(1, ${EXPORT_ROWS}) g;`,
    studyId,
  );
}

/** The ids of an NDJSON export, in file order. */
export const ndjsonIds = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => (JSON.parse(line) as { id: number }).id);

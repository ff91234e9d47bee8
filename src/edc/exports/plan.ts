/**
 * A prepared export job (stored once, in export_jobs.plan): what each slice reads and how it writes
 * it. Built at creation from the same planners as the streaming routes (extract/plan, crf-level),
 * so their checks and scope apply; only the keyset and the snapshot bound are added here.
 */
export type ExportKind = "extract-data" | "crf-level" | "crf-level-csvs" | "download-csvs-data";

/** How the file is framed: one CSV / NDJSON / JSON array, E3's `{crf: [rows]}`, or a zip of CSVs. */
export type ExportFormat = "csv" | "ndjson" | "json" | "crf-json" | "zip";

/** How a database row becomes an output row. */
export type RowShape = { kind: "plain" } | { kind: "items" } | { kind: "crf"; fixed: string[]; items: string[] };

export interface SourcePlan {
  /** Zip entry name (zip), or the JSON key (crf-json); null for a file of one source. */
  name: string | null;
  /** The planned statement (identifiers from the catalog, values bound). */
  text: string;
  params: unknown[];
  /** Keyset column (already quoted) and its type: every slice reads `key > last AND key <= upper`. */
  key: string;
  keyType: string;
  /** The column's name in a result row. */
  keyField: string;
  /** The snapshot: the largest key when the job was created; null when the source has no rows. */
  upper: string | null;
  /** CSV header (csv and zip only). */
  header: string[] | null;
  shape: RowShape;
}

export interface ExportPlan {
  format: ExportFormat;
  contentType: string;
  sources: SourcePlan[];
  /** The public origin of the API at creation, for the signed link mailed when the job is done. */
  origin: string;
}

/** Key types a keyset may use: their values survive JSON and compare the same in SQL after a text cast. */
export const KEYSET_TYPES = new Set(["integer", "bigint", "smallint", "text", "character varying", "uuid"]);

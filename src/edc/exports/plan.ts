/**
 * A prepared export job (stored once, in export_jobs.plan): what each slice reads and how it writes
 * it. Built at creation from the same planners as the streaming routes (extract/plan, crf-level),
 * so their checks and scope apply; only the keyset and the snapshot bound are added here.
 */
export type ExportKind = "extract-data" | "crf-level" | "crf-level-csvs" | "download-csvs-data" | "study-event-csvs" | "billing-reports";

/** How the file is framed: one CSV / NDJSON / JSON array, E3's `{crf: [rows]}`, or a zip of CSVs. */
export type ExportFormat = "csv" | "ndjson" | "json" | "crf-json" | "zip";

/** How a database row becomes an output row; `raw`: the row is a chunk of a stored file (`bytes`), copied as it is. */
export type RowShape = { kind: "plain" } | { kind: "items" } | { kind: "crf"; fixed: string[]; items: string[] } | { kind: "raw" };

/**
 * Where a source's pages come from when not from the EDC statement (`text`): Forms CRF documents in D1
 * (one form of a study, in the caller's site/subject scope), or one R2 object read by byte ranges.
 * In both the keyset and `upper` work as for the EDC: document ids, or byte offsets.
 */
export type SourceOrigin =
  | { kind: "forms"; studyId: number; formId: number; items: string[]; siteIds: number[] | null; subjectId: number | null }
  | { kind: "r2"; key: string };

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
  /** Absent: the EDC statement above. */
  origin?: SourceOrigin;
}

export interface ExportPlan {
  format: ExportFormat;
  contentType: string;
  sources: SourcePlan[];
  /** Where the sources are read: the job's EDC database (absent), or D1 and R2 (a Flask zip, src/flask/exports). */
  store?: "flask";
  /** The public origin of the API at creation, for the signed link mailed when the job is done. */
  origin: string;
}

/** Key types a keyset may use: their values survive JSON and compare the same in SQL after a text cast. */
export const KEYSET_TYPES = new Set(["integer", "bigint", "smallint", "text", "character varying", "uuid"]);

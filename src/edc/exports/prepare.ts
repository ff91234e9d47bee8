import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { safeFileName } from "../../lib/csv";
import { badRequest, Problem } from "../../lib/problem";
import { loadCatalog, quoteIdent } from "../catalog";
import { edcOf } from "../context";
import { itemColumns } from "../crf-level/columns";
import { CRF_CSV_COLUMNS, CRF_VIEW, ROW_COLUMNS } from "../crf-level/plan";
import { crfLayout, crfLevelTarget, pairKey } from "../crf-level/prepare";
import { rowsQuery } from "../crf-level/queries";
import type { CrfLevelInput } from "../crf-level/schemas";
import { inSnapshot } from "../crf-level/snapshot";
import { uniqueNames } from "../crf-level/unique-names";
import { EVENT_CRF_COLUMNS, studyDataPairs } from "../csv-zip/handlers";
import { planExtract } from "../extract/plan";
import { mapQueryError, type Tx } from "../stream";
import { KEYSET_TYPES, type ExportFormat, type ExportPlan, type SourcePlan } from "./plan";
import type { ExportCreateInput } from "./schemas";

export interface PreparedExport {
  plan: ExportPlan;
  fileName: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  "crf-json": "application/json; charset=utf-8",
  zip: "application/zip",
};
const EXTENSIONS: Record<ExportFormat, string> = { json: "json", ndjson: "ndjson", csv: "csv", "crf-json": "json", zip: "zip" };

/** The snapshot bound of a statement: its largest key now, as text (null when it has no rows). */
async function upperBound(tx: Tx, text: string, params: unknown[], key: string): Promise<string | null> {
  const [row] = await tx.unsafe(`SELECT max(q.${key})::text AS upper FROM (${text}) AS q`, params as never[]);
  return (row?.upper as string | null) ?? null;
}

const EVENT_CRF_KEY = { key: quoteIdent("event_crf_id"), keyField: "event_crf_id" };

/**
 * Checks the request exactly as the streaming route does (same planner, same 400s), then, in one
 * READ ONLY snapshot, fixes what every slice will need: the keyset bound and (CRF-level) the
 * column layout. Nothing is written here.
 */
export async function prepareExport(c: Context<AppEnv>, input: ExportCreateInput, paramsPath = "/params"): Promise<PreparedExport> {
  try {
    return await prepare(c, input);
  } catch (err) {
    // The planners name fields of their own body; here that body sits under `params`.
    if (err instanceof Problem && err.errors && paramsPath) {
      throw new Problem(
        err.status,
        err.code,
        err.detail,
        err.errors.map((e) => ({ ...e, path: e.path.startsWith(paramsPath) ? e.path : paramsPath + e.path })),
      );
    }
    throw err;
  }
}

async function prepare(c: Context<AppEnv>, input: ExportCreateInput): Promise<PreparedExport> {
  const origin = new URL(c.req.url).origin;
  if (input.kind === "extract-data") {
    const edc = edcOf(c);
    const catalog = await loadCatalog(edc.sql, edc.schema, edc.dbname).catch((err) => {
      throw mapQueryError(err);
    });
    if (input.params.sort?.trim()) {
      throw badRequest("invalid_field", "An export job reads rows in primary-key order; leave out sort.", [
        { path: "/sort", message: "not supported by export jobs" },
      ]);
    }
    // The caller's row scope (site and subject roles) holds in a job as in the streaming route.
    const planned = planExtract(catalog, input.params, edc.rows);
    const relation = catalog.relations.get(planned.relation);
    const keyName =
      relation?.name === CRF_VIEW
        ? "event_crf_id"
        : relation?.kind === "table" && relation.primaryKey.length === 1
          ? relation.primaryKey[0]!
          : null;
    const keyColumn = keyName ? planned.columns.find((col) => col.name === keyName) : undefined;
    if (!keyColumn || !KEYSET_TYPES.has(keyColumn.type)) {
      throw badRequest(
        "not_sliceable",
        `${planned.relation} has no one-column primary key of an integer, text or uuid type, which an export job slices by; use POST /edc/study/extract-data.`,
        [{ path: "/tableName", message: "no usable keyset column" }],
      );
    }
    const key = quoteIdent(keyColumn.name);
    const wide = planned.columns.some((col) => col.name === "items" && col.type === "jsonb");
    const format = input.format;
    return inSnapshot(edc.sql, async (tx) => {
      const upper = await upperBound(tx, planned.text, planned.params, key);
      let header: string[] | null = null;
      if (format === "csv") {
        header = planned.columns.map((col) => col.name);
        // A wide relation's items become columns: every key of the selected rows, read in this snapshot.
        if (wide) {
          const keys = await tx.unsafe(
            `SELECT DISTINCT jsonb_object_keys("items") AS k FROM (${planned.text}) q ORDER BY 1`,
            planned.params as never[],
          );
          header = [...header.filter((n) => n !== "items"), ...keys.map((r) => r.k as string)];
        }
      }
      const source: SourcePlan = {
        name: null,
        text: planned.text,
        params: planned.params,
        key,
        keyType: keyColumn.type,
        keyField: keyColumn.name,
        upper,
        header,
        shape: wide ? { kind: "items" } : { kind: "plain" },
      };
      const fileName = `${safeFileName(edc.dbname)}_${safeFileName(planned.relation)}.${EXTENSIONS[format]}`;
      return { plan: { format, contentType: CONTENT_TYPES[format], sources: [source], origin }, fileName };
    });
  }

  const params: CrfLevelInput = input.params ?? {};
  const target = await crfLevelTarget(c);
  const { edc, view } = target;
  const keyType = view.columns.find((col) => col.name === "event_crf_id")!.type;
  const byEvent = input.kind === "download-csvs-data";
  return inSnapshot(edc.sql, async (tx) => {
    const layout = await crfLayout(tx, target, params, byEvent);
    const all = rowsQuery(edc.schema, layout.where);
    const upper = await upperBound(tx, all.text, all.params, EVENT_CRF_KEY.key);
    const source = (
      name: string,
      only: { crf: string; event?: string },
      header: string[] | null,
      fixed: readonly string[],
      items: string[],
      hasData: boolean,
    ): SourcePlan => {
      const q = rowsQuery(edc.schema, layout.where, only);
      return {
        name,
        ...q,
        ...EVENT_CRF_KEY,
        keyType,
        upper: hasData ? upper : null,
        header,
        shape: { kind: "crf", fixed: [...fixed], items },
      };
    };
    const dbFile = safeFileName(edc.dbname);
    if (input.kind === "download-csvs-data") {
      const pairs = await studyDataPairs(tx, edc.schema, layout);
      const name = uniqueNames();
      const sources = pairs.map(({ event, crf }) => {
        const k = pairKey(event, crf);
        const items = layout.columns.get(k) ?? itemColumns(layout.meta.get(crf) ?? [], []);
        return source(
          name(`${safeFileName(event)}__${safeFileName(crf)}`),
          { crf, event },
          [...EVENT_CRF_COLUMNS, ...items],
          EVENT_CRF_COLUMNS,
          items,
          layout.withData.has(k),
        );
      });
      return { plan: { format: "zip", contentType: CONTENT_TYPES.zip, sources, origin }, fileName: `${dbFile}_study_data.zip` };
    }
    const crfs = [...layout.withData].sort();
    if (input.kind === "crf-level-csvs") {
      const name = uniqueNames();
      const sources = crfs.map((crf) => {
        const items = layout.columns.get(crf) ?? [];
        return source(name(safeFileName(crf)), { crf }, [...CRF_CSV_COLUMNS, ...items], CRF_CSV_COLUMNS, items, true);
      });
      return { plan: { format: "zip", contentType: CONTENT_TYPES.zip, sources, origin }, fileName: `${dbFile}_crf_data.zip` };
    }
    const sources = crfs.map((crf) => source(crf, { crf }, null, ROW_COLUMNS, layout.columns.get(crf) ?? [], true));
    return { plan: { format: "crf-json", contentType: CONTENT_TYPES["crf-json"], sources, origin }, fileName: `${dbFile}_crf_data.json` };
  });
}

import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { Problem } from "../../lib/problem";
import { loadCatalog, type Catalog, type Relation } from "../catalog";
import { scopeCondition } from "../row-scope";
import { edcOf, type EdcContext } from "../context";
import { mapQueryError, type Tx } from "../stream";
import { itemColumns, type ItemMeta } from "./columns";
import { CRF_VIEW, planCrfWhere, ROW_COLUMNS, type WherePlan } from "./plan";
import { crfItemMeta, pairKey, presentKeys } from "./queries";
import type { CrfLevelInput } from "./schemas";

/** The EDC of the request and its `cross_event_crf_data` view as the catalog lists it. */
export async function crfLevelTarget(c: Context<AppEnv>): Promise<CrfTarget> {
  const edc = edcOf(c);
  const catalog = await loadCatalog(edc.sql, edc.schema, edc.dbname).catch((err) => {
    throw mapQueryError(err);
  });
  const view = catalog.relations.get(CRF_VIEW);
  const missing = ROW_COLUMNS.filter((col) => !view?.columns.some((x) => x.name === col));
  if (!view || missing.length || !view.columns.some((x) => x.name === "items")) {
    throw new Problem(404, "crf_view_missing", `This EDC database has no usable ${CRF_VIEW} view, which the CRF-level extracts read.`);
  }
  // Site and subject roles: refused here (before any transaction) when the view's rows cannot be limited to theirs.
  if (edc.rows) scopeCondition(catalog, view, edc.rows, () => "NULL");
  return { edc, view, catalog };
}

export interface CrfLayout {
  where: WherePlan;
  /** Item columns per CRF (or per event × CRF, keyed by pairKey, when byEvent). */
  columns: Map<string, string[]>;
  /** Which CRFs (or event × CRF pairs) have rows under these filters. */
  withData: Set<string>;
  meta: Map<string, ItemMeta[]>;
}

export interface CrfTarget {
  edc: EdcContext;
  view: Relation;
  catalog: Catalog;
}

/**
 * Reads the item metadata, checks the filters against it and sizes every CRF's columns (inside the
 * transaction). Site and subject roles see only their rows: the limit is part of `where`, so every
 * query of the extract (item keys, rows) carries it.
 */
export async function crfLayout(tx: Tx, target: CrfTarget, input: CrfLevelInput, byEvent: boolean): Promise<CrfLayout> {
  const { edc, view, catalog } = target;
  const schema = edc.schema;
  const meta = await crfItemMeta(tx, schema);
  const itemNames = new Set([...meta.values()].flatMap((items) => items.map((m) => m.item)));
  const rows = edc.rows;
  const where = planCrfWhere(view, itemNames, input, rows ? (bind) => scopeCondition(catalog, view, rows, bind) : undefined);
  const keys = await presentKeys(tx, schema, where, byEvent);
  const columns = new Map<string, string[]>();
  for (const [key, present] of keys) {
    const crf = byEvent ? key.split("\u0000")[1]! : key;
    columns.set(key, itemColumns(meta.get(crf) ?? [], present));
  }
  return { where, columns, withData: new Set(keys.keys()), meta };
}

export { pairKey };

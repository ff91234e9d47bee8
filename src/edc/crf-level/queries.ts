import { edcQuery, type Tx } from "../../db/edc";
import { quoteIdent } from "../catalog";
import type { ItemMeta } from "./columns";
import { CRF_VIEW, ROW_COLUMNS, whereSql, type WherePlan } from "./plan";

/** SQL of the CRF-level extracts; every name schema-qualified through quoteIdent, every value bound. */

const q = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** Item layout of every CRF (by CRF name), from item_form_metadata, section and item_group_metadata. */
export async function crfItemMeta(tx: Tx, schema: string): Promise<Map<string, ItemMeta[]>> {
  const rows = await edcQuery(
    tx,
    `SELECT c.name AS crf, i.name AS item, min(s.ordinal) AS section_ordinal, min(ifm.ordinal) AS item_ordinal,
            bool_or(COALESCE(igm.repeating_group, false)) AS repeating, min(ig.name) AS item_group
       FROM ${q(schema, "crf")} c
       JOIN ${q(schema, "crf_version")} cv ON cv.crf_id = c.crf_id
       JOIN ${q(schema, "item_form_metadata")} ifm ON ifm.crf_version_id = cv.crf_version_id
       JOIN ${q(schema, "section")} s ON s.section_id = ifm.section_id
       JOIN ${q(schema, "item")} i ON i.item_id = ifm.item_id
       LEFT JOIN ${q(schema, "item_group_metadata")} igm ON igm.item_id = i.item_id AND igm.crf_version_id = cv.crf_version_id
       LEFT JOIN ${q(schema, "item_group")} ig ON ig.item_group_id = igm.item_group_id
      WHERE cv.status_id NOT IN (5, 7)
      GROUP BY c.name, i.name
      ORDER BY c.name, section_ordinal, item_ordinal, i.name`,
  );
  const out = new Map<string, ItemMeta[]>();
  for (const r of rows) {
    const crf = String(r.crf);
    if (!out.has(crf)) out.set(crf, []);
    out.get(crf)!.push({ item: String(r.item), group: (r.item_group as string | null) ?? null, repeating: r.repeating === true });
  }
  return out;
}

/** Event definition × CRF pairs of the study design (E2), in event then CRF ordinal order. */
export async function eventCrfPairs(tx: Tx, schema: string): Promise<{ event: string; crf: string }[]> {
  const rows = await edcQuery(
    tx,
    `SELECT sed.name AS event, c.name AS crf, min(sed.ordinal) AS event_ordinal, min(edc.ordinal) AS crf_ordinal
       FROM ${q(schema, "event_definition_crf")} edc
       JOIN ${q(schema, "study_event_definition")} sed ON sed.study_event_definition_id = edc.study_event_definition_id
       JOIN ${q(schema, "crf")} c ON c.crf_id = edc.crf_id
      WHERE edc.status_id NOT IN (5, 7) AND sed.status_id NOT IN (5, 7) AND c.status_id NOT IN (5, 7) AND edc.parent_id IS NULL
      GROUP BY sed.name, c.name
      ORDER BY event_ordinal, crf_ordinal, sed.name, c.name`,
  );
  return rows.map((r) => ({ event: String(r.event), crf: String(r.crf) }));
}

/**
 * The item keys the selected rows hold, per CRF (and per event when `byEvent`): sizes the `ITEM_n`
 * columns of repeating groups before the first row is written.
 */
export async function presentKeys(tx: Tx, schema: string, where: WherePlan, byEvent: boolean): Promise<Map<string, Set<string>>> {
  const group = byEvent ? `"event", "crf"` : `"crf"`;
  const rows = await edcQuery(
    tx,
    `SELECT ${group}, k AS key FROM ${q(schema, CRF_VIEW)} CROSS JOIN LATERAL jsonb_object_keys("items") AS k${whereSql(where)} GROUP BY ${group}, k`,
    where.params,
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const id = pairKey(byEvent ? String(r.event) : null, String(r.crf));
    if (!out.has(id)) out.set(id, new Set());
    out.get(id)!.add(String(r.key));
  }
  return out;
}

export const pairKey = (event: string | null, crf: string) => (event === null ? crf : `${event}\u0000${crf}`);

/** The view's rows (fixed columns + items), filtered, optionally for one CRF / event, in a stable order. */
export function rowsQuery(
  schema: string,
  where: WherePlan,
  only: { crf?: string; event?: string } = {},
): { text: string; params: unknown[] } {
  const params = [...where.params];
  const extra: string[] = [];
  if (only.crf !== undefined) {
    params.push(only.crf);
    extra.push(`"crf" = $${params.length}::text`);
  }
  if (only.event !== undefined) {
    params.push(only.event);
    extra.push(`"event" = $${params.length}::text`);
  }
  const columns = [...ROW_COLUMNS, "items"].map((name) => quoteIdent(name)).join(", ");
  const text = `SELECT ${columns} FROM ${q(schema, CRF_VIEW)}${whereSql(where, extra)}
    ORDER BY "crf", "subject", "event_date" NULLS LAST, "event", "event_ordinal", "event_crf_id"`;
  return { text, params };
}

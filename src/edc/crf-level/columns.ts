/**
 * Item columns of the CRF-level outputs (flaskdata-api.md §4.5, §4.7): every item of the CRF's
 * (non-removed) versions in section ordinal, then item_form_metadata ordinal order. A repeating
 * group contributes its row 1 as the bare item names and each further row n as `ITEM_n` columns,
 * all the group's items for row 2, then row 3, …, right after row 1 (as many rows as the data
 * holds). Keys in the data that the metadata does not explain come last, sorted. Pure; unit-tested.
 */
export interface ItemMeta {
  item: string;
  /** Item group name; items of one repeating group are laid out together. */
  group: string | null;
  repeating: boolean;
}

export function itemColumns(meta: readonly ItemMeta[], present: Iterable<string>): string[] {
  const known = new Map(meta.map((m) => [m.item, m]));
  const rows = new Map<string, number>();
  const extras: string[] = [];
  for (const key of present) {
    if (known.has(key)) {
      rows.set(key, Math.max(rows.get(key) ?? 1, 1));
      continue;
    }
    const m = /^(.*)_(\d+)$/.exec(key);
    const base = m ? known.get(m[1]!) : undefined;
    if (m && base?.repeating && Number(m[2]) >= 2) rows.set(base.item, Math.max(rows.get(base.item) ?? 1, Number(m[2])));
    else extras.push(key);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const doneGroups = new Set<string>();
  for (const m of meta) {
    if (!m.repeating) {
      if (!seen.has(m.item)) out.push(m.item);
      seen.add(m.item);
      continue;
    }
    const group = m.group ?? m.item;
    if (doneGroups.has(group)) continue;
    doneGroups.add(group);
    const members = meta.filter((x) => x.repeating && (x.group ?? x.item) === group && !seen.has(x.item));
    members.forEach((x) => seen.add(x.item));
    const n = Math.max(1, ...members.map((x) => rows.get(x.item) ?? 1));
    for (let r = 1; r <= n; r++) for (const x of members) out.push(r === 1 ? x.item : `${x.item}_${r}`);
  }
  const taken = new Set(out);
  return [...out, ...extras.filter((k) => !taken.has(k)).sort()];
}

/** A view row (fixed columns + `items` jsonb) as the output row: fixed columns, then every item column (null when absent). */
export function flattenCrfRow(row: Record<string, unknown>, fixed: readonly string[], items: readonly string[]): Record<string, unknown> {
  const values = (row.items ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of fixed) out[k] = row[k] ?? null;
  for (const k of items) out[k] = Object.hasOwn(values, k) ? values[k] : null;
  return out;
}

import type { Row } from "./stream";

/**
 * `cross_event_crf_data` keeps one row per event CRF with its item values in a jsonb `items`
 * column (a view cannot have one column per item); clients get them as ordinary fields.
 */
export function flattenItems(row: Row): Row {
  const { items, ...rest } = row;
  return items && typeof items === "object" ? { ...rest, ...(items as Row) } : rest;
}

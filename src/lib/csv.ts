/**
 * RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; quotes doubled; CRLF line
 * ends; UTF-8 (flaskdata-api.md §0.5). Null and undefined are empty fields; objects are JSON.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (values: readonly unknown[]) => values.map(csvField).join(",") + "\r\n";

/** A zip entry's file name made safe: anything but letters, digits, `.`, `_`, `-` becomes `_`. */
export const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, "_");

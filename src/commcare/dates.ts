/**
 * Date handling of the CommCare API. Forms and cases store ES-style strings
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`; locations store naive UTC `YYYY-MM-DDTHH:MM:SS.ffffff` and print
 * them like Python's `isoformat()` (fraction only when non-zero). Fixed-width strings compare
 * correctly as text, so SQL filters compare strings.
 */
import { build, offsetMinutes, parseIso8601 } from "./iso8601";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `2016-11-29T14:50:42.530000Z` from a Date (microseconds from the milliseconds). */
export function esDateTime(d: Date, micros?: number): string {
  const us = micros ?? d.getUTCMilliseconds() * 1000;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(us, 6)}Z`;
}

/** Naive UTC with six fraction digits, the stored form of location datetimes. */
export const naiveDateTime = (d: Date, micros?: number) => esDateTime(d, micros).slice(0, -1);

/** Python `isoformat()` of a stored naive datetime: drops `.000000`. */
export const isoformat = (stored: string) => stored.replace(/\.0{6}$/, "");

const fractionMicros = (f: string | undefined) => (f ? Number(f.slice(0, 6).padEnd(6, "0")) : 0);

/**
 * Q5: any ISO 8601 date or date-time (iso8601.ts), with `Z` or an offset; a date alone is midnight UTC.
 * A `+` of an offset that arrived unencoded in a query string is a space: `…T10:00:00 02:00` is read as
 * `+02:00`. Returns the stored ES form for string comparison, or null when unparseable.
 */
export function parseQueryDate(raw: string): string | null {
  const value = raw
    .trim()
    .replace(/([T ]\d{2}(?::?\d{2}(?::?\d{2})?)?(?:[.,]\d+)?) (\d{2}(?::?\d{2})?)$/, "$1+$2")
    .replace(/(\d)\s+([Zz]|[+-]\d{2}(?::?\d{2})?)$/, "$1$2"); // `10:00:00 Z`, `10:00:00 -05:00`
  const parsed = parseIso8601(value);
  return parsed ? esDateTime(parsed.date, parsed.micros) : null;
}

// Django parse_datetime / parse_date (DateTimeField.to_python).
const DJANGO_DT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** A Django DateTimeField lookup value as the stored naive UTC string, or null if invalid. */
export function parseDjangoDateTime(raw: string): string | null {
  const m = DJANGO_DT.exec(raw.trim());
  if (!m) return null;
  const built = build({
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    mi: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    us: fractionMicros(m[7]),
    offsetMin: offsetMinutes(m[8]),
  });
  return built ? naiveDateTime(built.date, built.micros) : null;
}

/** Django's message for an unparseable datetime (wrapped by the caller as a ValidationError list). */
export const djangoDateTimeMessage = (v: string) =>
  `“${v}” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.`;

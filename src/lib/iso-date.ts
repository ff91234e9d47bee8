import { z } from "@hono/zod-openapi";

/**
 * The ISO 8601 dates the problem+json families accept (flaskdata-api.md §0.4): a date, or a date-time
 * with optional seconds, a fraction of up to 9 digits and `Z` or a `±hh[:]mm` offset. The EDC routes
 * want ISO's `T` between date and time; the Flask routes also take a space, the form apiflows.md
 * writes Forms dates in (`2020-12-21 10:10:00.000Z`).
 */
const isoPattern = (separator: string) =>
  new RegExp(`^\\d{4}-\\d{2}-\\d{2}(${separator}\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$`);
const ISO_T = isoPattern("T");
const ISO_T_OR_SPACE = isoPattern("[T ]");
const PARTS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;
const OFFSET = /[T ].*([+-])(\d{2}):?(\d{2})$/;

/** Whether an ISO-shaped string names a real instant: its day exists (no 30 February) and its time and offset are in range. */
export function isRealInstant(v: string): boolean {
  const m = PARTS.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  const off = OFFSET.exec(v);
  return !off || (Number(off[2]) <= 23 && Number(off[3]) <= 59);
}

/** An ISO 8601 date or date-time with `T`, as above, that names a real instant. */
export const isIsoDateTime = (v: string) => ISO_T.test(v) && isRealInstant(v);

const isoDate = (pattern: RegExp) =>
  z
    .string()
    .max(40)
    .regex(pattern, "must be an ISO-8601 date or date-time")
    .refine(isRealInstant, "is not a real date")
    .openapi({ example: "2026-01-01T00:00:00.000Z" });

/** A request-body date of the EDC routes: a 400 naming the field when it is not one. */
export const IsoDate = isoDate(ISO_T);
/** A request-body date of the Flask routes, where a space may stand for the `T`. */
export const IsoDateOrSpaced = isoDate(ISO_T_OR_SPACE);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;
const DAY_MS = 86_400_000;

/*
 * Date bounds (flaskdata-api.md §0.4, §4.6): both inclusive; a date-only value is that day in UTC and a
 * date-time without an offset is UTC, so their meaning never depends on a session's TimeZone; a date-only
 * upper bound covers its whole day.
 */

/** The instant `value` names, written with an explicit UTC offset when it had none. */
export function utcInstant(value: string): string {
  if (DAY.test(value)) return `${value}T00:00:00Z`;
  return HAS_OFFSET.test(value) ? value : `${value}Z`;
}

/** A bound on a PostgreSQL timestamptz: compared there, exact to the microsecond. */
export interface DateBound {
  op: ">=" | "<=" | "<";
  value: string;
}

export const lowerBound = (fromDate: string): DateBound => ({ op: ">=", value: utcInstant(fromDate) });

/** A date-only upper bound is everything before the next day's midnight (exact, unlike 23:59:59.999). */
export function upperBound(toDate: string): DateBound {
  if (!DAY.test(toDate)) return { op: "<=", value: utcInstant(toDate) };
  return { op: "<", value: new Date(Date.parse(`${toDate}T00:00:00Z`) + DAY_MS).toISOString() };
}

/** A lower bound on D1's ISO text timestamps (millisecond `toISOString()` values, compared as text). */
export const fromBound = (v: string) => new Date(utcInstant(v.replace(" ", "T"))).toISOString();

/** An inclusive upper bound on D1's ISO text timestamps; a date-only value means the end of that day. */
export const toBound = (v: string) => (DAY.test(v) ? `${v}T23:59:59.999Z` : fromBound(v));

/**
 * fromDate ≤ toDate, a refinement of request bodies with both. zod runs an object's refinements even when a
 * field failed a non-aborting check (the date pattern, isRealInstant), so a bound may be no date at all here:
 * the order is then left to the field's own 400.
 */
export const dateOrder = (v: { fromDate?: unknown; toDate?: unknown }) => {
  const { fromDate, toDate } = v;
  const isDate = (d: unknown): d is string =>
    typeof d === "string" && isRealInstant(d) && !Number.isNaN(Date.parse(utcInstant(d.replace(" ", "T"))));
  return !isDate(fromDate) || !isDate(toDate) || fromBound(fromDate) <= toBound(toDate);
};

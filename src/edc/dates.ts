/**
 * The date bounds of the extracts (flaskdata-api.md §0.4, §4.6) as explicit UTC instants, so that
 * their meaning never depends on the session's TimeZone: a date-only value is that day in UTC, and a
 * date-time without an offset is UTC. Both bounds are inclusive; a date-only `toDate` covers its whole
 * day, i.e. everything before the next day's midnight (exact to the microsecond, unlike 23:59:59.999).
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

const DAY_MS = 86_400_000;

/** The instant `value` names, written with an explicit UTC offset when it had none. */
export function utcInstant(value: string): string {
  if (DAY.test(value)) return `${value}T00:00:00Z`;
  return HAS_OFFSET.test(value) ? value : `${value}Z`;
}

export interface DateBound {
  op: ">=" | "<=" | "<";
  value: string;
}

export const lowerBound = (fromDate: string): DateBound => ({ op: ">=", value: utcInstant(fromDate) });

export function upperBound(toDate: string): DateBound {
  if (!DAY.test(toDate)) return { op: "<=", value: utcInstant(toDate) };
  return { op: "<", value: new Date(Date.parse(`${toDate}T00:00:00Z`) + DAY_MS).toISOString() };
}

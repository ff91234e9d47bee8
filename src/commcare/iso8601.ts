/**
 * ISO 8601 dates and date-times as commcare-api.md Q5 accepts them: calendar (`2026-10-01`, `20261001`),
 * ordinal (`2026-274`, `2026274`) and week dates (`2026-W40-4`, `2026W404`, `2026-W40` = its Monday),
 * optionally followed by `T` (or a space) and a time of `hh`, `hh:mm` or `hh:mm:ss` (basic `hhmm`,
 * `hhmmss`) whose last unit may carry a decimal fraction (`.` or `,`), `24:00` as the end of the day,
 * and `Z` or a `±hh[:mm]` offset. A date alone is midnight UTC. This is wider than src/lib/iso-date.ts,
 * which holds the problem+json families' policy (flaskdata-api.md §0.4: calendar dates only), so the two stay apart.
 */

export interface Instant {
  /** The instant, to the millisecond. */
  date: Date;
  /** Microseconds within the second (0–999999), kept beyond the Date's milliseconds. */
  micros: number;
}

export interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number;
  offsetMin: number;
}

/** Validates calendar parts and applies the offset; `allow24` reads ISO's 24:00:00 as the next midnight. */
export function build(p: Parts, allow24 = false): Instant | null {
  const endOfDay = allow24 && p.h === 24 && p.mi === 0 && p.s === 0 && p.us === 0;
  if (!Number.isFinite(p.offsetMin) || p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31 || (p.h > 23 && !endOfDay) || p.mi > 59 || p.s > 59)
    return null;
  const day = new Date(Date.UTC(p.y, p.mo - 1, p.d));
  if (day.getUTCDate() !== p.d || day.getUTCMonth() !== p.mo - 1) return null;
  const ms = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return { date: new Date(ms - p.offsetMin * 60_000 + Math.floor(p.us / 1000)), micros: p.us };
}

/** Minutes east of UTC for `Z`, `±hh`, `±hhmm` or `±hh:mm`; NaN when out of range. */
export function offsetMinutes(tz: string | undefined): number {
  if (!tz || tz === "Z" || tz === "z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz);
  if (!m || Number(m[2]) > 23 || Number(m[3] ?? 0) > 59) return NaN;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -v : v;
}

type Ymd = { y: number; mo: number; d: number };
const fromUtc = (ms: number): Ymd => {
  const t = new Date(ms);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const daysInYear = (y: number) => (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / 86_400_000;
/** ISO weekday, Monday 1 … Sunday 7. */
const isoWeekday = (ms: number) => ((new Date(ms).getUTCDay() + 6) % 7) + 1;

/** Monday of ISO week 1: the week holding 4 January. */
const week1Monday = (y: number) => Date.UTC(y, 0, 4) - (isoWeekday(Date.UTC(y, 0, 4)) - 1) * 86_400_000;
/** 52 or 53: the week of 28 December is always the year's last. */
const weeksInYear = (y: number) => Math.floor((Date.UTC(y, 11, 28) - week1Monday(y)) / (7 * 86_400_000)) + 1;

function weekDate(y: number, w: number, d: number): Ymd | null {
  if (w < 1 || w > weeksInYear(y) || d < 1 || d > 7) return null;
  return fromUtc(week1Monday(y) + ((w - 1) * 7 + (d - 1)) * 86_400_000);
}

function ordinalDate(y: number, n: number): Ymd | null {
  if (n < 1 || n > daysInYear(y)) return null;
  return fromUtc(Date.UTC(y, 0, n));
}

const DATE_FORMS: [RegExp, (m: RegExpExecArray) => Ymd | null][] = [
  [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => ({ y: +m[1]!, mo: +m[2]!, d: +m[3]! })],
  [/^(\d{4})(\d{2})(\d{2})$/, (m) => ({ y: +m[1]!, mo: +m[2]!, d: +m[3]! })],
  [/^(\d{4})-?W(\d{2})(?:-?(\d))?$/, (m) => weekDate(+m[1]!, +m[2]!, m[3] === undefined ? 1 : +m[3])],
  [/^(\d{4})-?(\d{3})$/, (m) => ordinalDate(+m[1]!, +m[2]!)],
];

// hh[:mm[:ss]] or hh[mm[ss]], a fraction of the last unit, then the zone.
const TIME = /^(\d{2})(?:(:?)(\d{2})(?:\2(\d{2}))?)?(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseIso8601(raw: string): Instant | null {
  const [datePart, timePart, extra] = raw.split(/[T ]/);
  if (extra !== undefined || !datePart) return null;
  let ymd: Ymd | null = null;
  for (const [re, read] of DATE_FORMS) {
    const m = re.exec(datePart);
    if (m) {
      ymd = read(m);
      break;
    }
  }
  if (!ymd) return null;
  if (timePart === undefined) return build({ ...ymd, h: 0, mi: 0, s: 0, us: 0, offsetMin: 0 });
  const t = TIME.exec(timePart);
  if (!t) return null;
  const h = Number(t[1]);
  const mi = t[3] === undefined ? 0 : Number(t[3]);
  const s = t[4] === undefined ? 0 : Number(t[4]);
  // The fraction belongs to the last unit written: hours, minutes or seconds.
  const unitMicros = t[3] !== undefined ? 60e6 : 3600e6;
  // Seconds keep their first six digits as written (as Python does); hour and minute fractions are rounded to the microsecond.
  const extraMicros = !t[5]
    ? 0
    : t[4] !== undefined
      ? Number(t[5].slice(0, 6).padEnd(6, "0"))
      : Math.round(Number(`0.${t[5]}`) * unitMicros);
  const base = build({ ...ymd, h, mi, s, us: 0, offsetMin: offsetMinutes(t[6]) }, true);
  if (!base || (h === 24 && extraMicros)) return null;
  const whole = base.date.getTime() * 1000 + extraMicros;
  return { date: new Date(Math.floor(whole / 1000)), micros: ((whole % 1e6) + 1e6) % 1e6 };
}

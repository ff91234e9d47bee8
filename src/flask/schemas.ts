import { z } from "@hono/zod-openapi";
import { IsoDateOrSpaced as IsoDate, isRealInstant } from "../lib/iso-date";

/** Flask dates also take a space for the `T` (lib/iso-date.ts). */
export { IsoDate };

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Accepts snake_case / camelCase aliases (flaskdata-api.md §5.1): `aliases` maps alias -> canonical key. */
export const withAliases = (aliases: Record<string, string>) => (input: unknown) => {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [alias, canonical] of Object.entries(aliases)) {
    if (alias in out && !(canonical in out)) out[canonical] = out[alias];
    if (alias !== canonical) delete out[alias];
  }
  return out;
};

/** Lower bound as ISO UTC. */
export const fromBound = (v: string) => new Date(v.replace(" ", "T")).toISOString();

/** Upper bound as ISO UTC, inclusive; a date-only value means the end of that day (UTC). */
export const toBound = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : new Date(v.replace(" ", "T")).toISOString();

/**
 * fromDate ≤ toDate. zod runs an object's refinements even when a field failed a non-aborting check (the date
 * pattern, isRealInstant), so a bound may be no date at all here: the order is then left to the field's own 400.
 */
export const dateOrder = (v: { fromDate?: unknown; toDate?: unknown }) => {
  const { fromDate, toDate } = v;
  if (typeof fromDate !== "string" || typeof toDate !== "string" || !isRealInstant(fromDate) || !isRealInstant(toDate)) return true;
  const [from, to] = [Date.parse(fromDate.replace(" ", "T")), Date.parse(toDate.replace(" ", "T"))];
  return Number.isNaN(from) || Number.isNaN(to) || fromBound(fromDate) <= toBound(toDate);
};

export const Row = z.record(z.string(), z.unknown());

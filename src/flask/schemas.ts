import { z } from "@hono/zod-openapi";

/** The calendar date of an ISO string exists (2026-02-30 does not) and the whole string parses. */
export function isRealDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  return !Number.isNaN(Date.parse(v.replace(" ", "T")));
}

/** ISO-8601 date or date-time that is a real instant; anything else is a 400. */
export const IsoDate = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, "must be an ISO-8601 date or date-time")
  .refine(isRealDate, "is not a real date")
  .openapi({ example: "2026-01-01T00:00:00.000Z" });

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

export const dateOrder = (v: { fromDate?: string; toDate?: string }) =>
  !v.fromDate || !v.toDate || fromBound(v.fromDate) <= toBound(v.toDate);

export const Row = z.record(z.string(), z.unknown());

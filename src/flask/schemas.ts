import { z } from "@hono/zod-openapi";
import { IsoDateOrSpaced as IsoDate } from "../lib/iso-date";

/** Flask dates also take a space for the `T` (lib/iso-date.ts). */
export { IsoDate };

export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const Row = z.record(z.string(), z.unknown());

import { z } from "@hono/zod-openapi";
import { jsonMap } from "../lib/json-map";
import { IsoDate } from "../lib/iso-date";

export { IsoDate };

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const Filters = jsonMap(z.string().max(100), z.union([Scalar, z.null(), z.array(Scalar).min(1).max(1000)]), 50, "filters")
  .openapi({ description: "column → value (`=`), array (`IN`) or null (`IS NULL`)", example: { site: "Site 01 Boston" } });

/** Accepts snake_case spellings as well (flaskdata-api.md §5.1). */
export const withAliases = (aliases: Record<string, string>) => (input: unknown) => {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [snake, camel] of Object.entries(aliases)) {
    if (snake in out && !(camel in out)) out[camel] = out[snake];
    delete out[snake];
  }
  return out;
};

export const dateOrder = (v: { fromDate?: string; toDate?: string }) =>
  !v.fromDate || !v.toDate || Date.parse(v.fromDate) <= Date.parse(v.toDate);

export const ExtractDataBody = z
  .preprocess(
    withAliases({ table_name: "tableName", from_date: "fromDate", to_date: "toDate", input_variables: "inputVariables" }),
    z.object({
      tableName: z.string().min(1).max(200).openapi({ example: "cc_event_data", description: "Table, view or `function()` of the EDC schema." }),
      fromDate: IsoDate.optional(),
      toDate: IsoDate.optional(),
      sort: z.string().max(500).optional().openapi({ example: "subject, event_date desc" }),
      filters: Filters.optional(),
      inputVariables: jsonMap(z.string().max(100), z.union([Scalar, z.null()]), 100, "input variables").optional().openapi({ description: "Function arguments by name.", example: { p_subject: "DEMO-S01-001" } }),
    }),
  )
  .refine(dateOrder, { message: "fromDate must not be after toDate", path: ["fromDate"] })
  .openapi("ExtractDataRequest");

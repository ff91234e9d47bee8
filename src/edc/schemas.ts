import { z } from "@hono/zod-openapi";
import { jsonMap } from "../lib/json-map";
import { withAliases } from "../lib/aliases";
import { dateOrder, IsoDate } from "../lib/iso-date";

export { IsoDate };

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const Filters = jsonMap(z.string().max(100), z.union([Scalar, z.null(), z.array(Scalar).min(1).max(1000)]), 50, "filters").openapi({
  description: "column → value (`=`), array (`IN`) or null (`IS NULL`)",
  example: { site: "Site 01 Boston" },
});

export const ExtractDataBody = z
  .preprocess(
    withAliases({ table_name: "tableName", from_date: "fromDate", to_date: "toDate", input_variables: "inputVariables" }),
    z.object({
      tableName: z
        .string()
        .min(1)
        .max(200)
        .openapi({ example: "cc_event_data", description: "Table, view or `function()` of the EDC schema." }),
      fromDate: IsoDate.optional(),
      toDate: IsoDate.optional(),
      sort: z.string().max(500).optional().openapi({ example: "subject, event_date desc" }),
      filters: Filters.optional(),
      inputVariables: jsonMap(z.string().max(100), z.union([Scalar, z.null()]), 100, "input variables")
        .optional()
        .openapi({ description: "Function arguments by name.", example: { p_subject: "DEMO-S01-001" } }),
    }),
  )
  .refine(dateOrder, { message: "fromDate must not be after toDate", path: ["fromDate"] })
  .openapi("ExtractDataRequest");

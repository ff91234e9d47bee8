import { z } from "@hono/zod-openapi";
import { jsonMap } from "../../lib/json-map";
import { Filters, IsoDate } from "../schemas";
import { withAliases } from "../../lib/aliases";
import { dateOrder } from "../../lib/iso-date";

const NotInValue = z.union([
  z.string().max(4000).openapi({ description: "`|`-separated values" }),
  z
    .array(z.union([z.string().max(1000), z.number()]))
    .min(1)
    .max(1000),
]);

/** `{column: "a|b"}` → `column NOT IN ('a','b')` (a JSON array of values works too). */
export const FiltersNotIn = jsonMap(z.string().max(100), NotInValue, 50, "filters").openapi({
  description: "column → `|`-separated values (or an array) that the column must not equal",
  example: { site_id: "DEMO-S02" },
});

/** Body of E2, E3, E4 (flaskdata-api.md §2.1): every field optional; no fields = every CRF with data. */
export const CrfLevelBody = z
  .preprocess(
    withAliases({ from_date: "fromDate", to_date: "toDate", filters_not_in: "filtersNotIn" }),
    z.object({
      fromDate: IsoDate.optional().openapi({
        description: "Event CRFs updated at or after (COALESCE(date_updated, date_created) of their items).",
      }),
      toDate: IsoDate.optional().openapi({ description: "…and at or before; a date-only toDate means the end of that day (UTC)." }),
      filters: Filters.optional(),
      filtersNotIn: FiltersNotIn.optional(),
    }),
  )
  .refine(dateOrder, { message: "fromDate must not be after toDate", path: ["fromDate"] })
  .openapi("CrfLevelRequest");

export type CrfLevelInput = z.infer<typeof CrfLevelBody>;

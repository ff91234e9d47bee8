import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { loadCatalog } from "../catalog";
import { edcOf } from "../context";
import { flattenItems } from "../flatten";
import { formatFrom, mapQueryError, streamJsonText, streamRows, type Tx } from "../stream";
import { jsonRowsQuery } from "./json-rows";
import { planExtract } from "./plan";
import type * as routes from "./routes";

export const extractData: RouteHandler<typeof routes.extractData, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const edc = edcOf(c);
  const catalog = await loadCatalog(edc.sql, edc.schema, edc.dbname).catch((err) => {
    throw mapQueryError(err);
  });
  const plan = planExtract(catalog, body, edc.rows);
  const format = formatFrom(c.req.header("accept"));
  const wide = plan.columns.some((col) => col.name === "items" && col.type === "jsonb");
  // JSON and NDJSON: rows serialized by PostgreSQL and passed through as bytes when every column has an
  // exact rewrite (json-rows.ts); otherwise, and for CSV, each row is serialized here.
  const jsonText = format !== "csv" && !wide ? jsonRowsQuery(plan.columns, plan.text) : null;
  if (jsonText && format !== "csv") return streamJsonText(c, edc.sql, jsonText, plan.params, format) as never;
  const columns = plan.columns.length ? plan.columns.map((col) => col.name) : undefined;
  // A wide relation's CSV header needs every item key of the selected rows before the first row: read
  // in the same READ ONLY transaction (and snapshot) as the rows themselves.
  const resolveColumns =
    wide && format === "csv"
      ? async (tx: Tx) => {
          const keys = await tx.unsafe(
            `SELECT DISTINCT jsonb_object_keys("items") AS k FROM (${plan.text}) q ORDER BY 1`,
            plan.params as never[],
          );
          return [...columns!.filter((n) => n !== "items"), ...keys.map((r) => r.k as string)];
        }
      : undefined;
  return streamRows(c, edc.sql, plan.text, plan.params, {
    format,
    columns,
    resolveColumns,
    transform: wide ? flattenItems : undefined,
  }) as never;
};

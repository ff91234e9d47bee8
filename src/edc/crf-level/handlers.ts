import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { safeFileName } from "../../lib/csv";
import { streamedJson } from "../../lib/streamed-json";
import { zipDownload } from "../../lib/zip-download";
import { flattenCrfRow } from "./columns";
import { csvChunks } from "./csv-rows";
import { CRF_CSV_COLUMNS, ROW_COLUMNS } from "./plan";
import { crfLayout, crfLevelTarget } from "./prepare";
import { rowsQuery } from "./queries";
import type * as routes from "./routes";
import { inSnapshot } from "./snapshot";
import { uniqueNames } from "./unique-names";
import { cursorPages, streamTransaction } from "../stream";

/** E3: `{ "<crf>": [row, …], … }`, only CRFs with data, streamed from one cursor ordered by CRF. */
export const extractCrfLevel: RouteHandler<typeof routes.extractCrfLevel, AppEnv> = async (c) => {
  const input = c.req.valid("json");
  const target = await crfLevelTarget(c);
  const { edc } = target;
  const res = await streamTransaction(c, edc.sql, { contentType: "application/json; charset=utf-8" }, async (tx, write) => {
    const layout = await crfLayout(tx, target, input, false);
    const { text, params } = rowsQuery(edc.schema, layout.where);
    let current: string | null = null;
    let firstRow = true;
    const pages = cursorPages(tx, text, params);
    for await (const rows of pages) {
      let chunk = "";
      for (const row of rows) {
        const crf = String(row.crf);
        if (crf !== current) {
          chunk += `${current === null ? "{" : "],"}${JSON.stringify(crf)}:[`;
          current = crf;
          firstRow = true;
        }
        chunk += (firstRow ? "" : ",") + JSON.stringify(flattenCrfRow(row, ROW_COLUMNS, layout.columns.get(crf) ?? []));
        firstRow = false;
      }
      pages.observe(rows.length, chunk.length);
      await write(chunk);
    }
    await write(current === null ? "{}" : "]}");
  });
  return streamedJson<typeof routes.extractCrfLevel>(res);
};

/** E4: a zip with one CSV per CRF that has data, built into R2 and answered as §0.5 says. */
export const extractCrfLevelToCsvs: RouteHandler<typeof routes.extractCrfLevelToCsvs, AppEnv> = async (c) => {
  const input = c.req.valid("json");
  const target = await crfLevelTarget(c);
  const { edc } = target;
  return inSnapshot(edc.sql, async (tx) => {
    const layout = await crfLayout(tx, target, input, false);
    const crfs = [...layout.withData].sort();
    const name = uniqueNames();
    async function* sources() {
      for (const crf of crfs) {
        const { text, params } = rowsQuery(edc.schema, layout.where, { crf });
        yield { name: name(safeFileName(crf)), chunks: csvChunks(tx, text, params, CRF_CSV_COLUMNS, layout.columns.get(crf) ?? []) };
      }
    }
    return zipDownload(c, `${safeFileName(edc.dbname)}_crf_data.zip`, sources());
  });
};

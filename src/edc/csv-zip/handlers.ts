import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { csvRow, safeFileName } from "../../lib/csv";
import { zipDownload } from "../../lib/zip-download";
import { itemColumns } from "../crf-level/columns";
import { csvChunks } from "../crf-level/csv-rows";
import { inSnapshot } from "../crf-level/snapshot";
import { uniqueNames } from "../crf-level/unique-names";
import { crfLayout, crfLevelTarget, pairKey, type CrfLayout } from "../crf-level/prepare";
import type { Tx } from "../stream";
import { eventCrfPairs, rowsQuery } from "../crf-level/queries";
import type * as routes from "./routes";

/** Fixed columns of each event × CRF file, exactly the header of flaskdata-api.md §4.7 (the items follow). */
export const EVENT_CRF_COLUMNS = [
  "study",
  "site",
  "subject",
  "event",
  "event_ordinal",
  "event_date",
  "crf_version",
  "crf_status",
  "date_updated",
] as const;

/** E2: one CSV per event definition × CRF, from one snapshot, zipped into R2 (§0.5). */
export const downloadCsvsData: RouteHandler<typeof routes.downloadCsvsData, AppEnv> = async (c) => {
  const input = c.req.valid("json");
  const target = await crfLevelTarget(c);
  const { edc } = target;
  return inSnapshot(edc.sql, async (tx) => {
    const layout = await crfLayout(tx, target, input, true);
    const pairs = await studyDataPairs(tx, edc.schema, layout);
    const queryOf = (event: string, crf: string) => {
      const q = rowsQuery(edc.schema, layout.where, { crf, event });
      return [q.text, q.params] as const;
    };
    const name = uniqueNames();
    async function* sources() {
      for (const { event, crf } of pairs) {
        const key = pairKey(event, crf);
        const items = layout.columns.get(key) ?? itemColumns(layout.meta.get(crf) ?? [], []);
        const chunks = layout.withData.has(key)
          ? csvChunks(tx, ...queryOf(event, crf), EVENT_CRF_COLUMNS, items)
          : headerOnly([...EVENT_CRF_COLUMNS, ...items]);
        yield { name: name(`${safeFileName(event)}__${safeFileName(crf)}`), chunks };
      }
    }
    return zipDownload(c, `${safeFileName(edc.dbname)}_study_data.zip`, sources());
  });
};

/** The files of E2: every event definition × CRF of the design, then pairs with data the design no longer lists. */
export async function studyDataPairs(tx: Tx, schema: string, layout: CrfLayout): Promise<{ event: string; crf: string }[]> {
  const pairs = await eventCrfPairs(tx, schema);
  const listed = new Set(pairs.map((p) => pairKey(p.event, p.crf)));
  for (const key of [...layout.withData].sort()) {
    if (listed.has(key)) continue;
    const [event, crf] = key.split("\u0000") as [string, string];
    pairs.push({ event, crf });
  }
  return pairs;
}

async function* headerOnly(columns: string[]) {
  yield csvRow(columns);
}

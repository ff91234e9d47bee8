import { and, asc, eq, gt, lte } from "drizzle-orm";
import { d1 } from "../../db/d1";
import { formsCrfData } from "../../db/schema/flask";
import { sites } from "../../db/schema/foundation";
import type { PageReader } from "../../edc/exports/slice";
import type { Row } from "../../edc/stream";
import { DOC_PAGE, scopeConditions } from "../subject/queries";
import { FIXED_COLUMNS } from "../subject/csv-zip";

/** The keyset field of a document row: no CSV column (item names are free) can be called this. */
export const KEY = "\u0000id";

/** Bytes of a stored file per chunk (a page is one chunk): bounded memory, whatever the file's size. */
export const R2_CHUNK = 1024 * 1024;

/**
 * Pages of a Flask export job's sources: one form's CRF documents from D1 (ids above `after` and at or below
 * the job's `upper`, in the caller's site/subject scope; each row already the CSV's columns), or one byte range
 * of a stored billing report from R2 (`after`/`upper`: byte offsets).
 */
export const flaskPages =
  (env: { DB: D1Database; FILES: R2Bucket }): PageReader =>
  async (src, after) => {
    const origin = src.origin;
    if (origin?.kind === "r2") {
      const offset = after === null ? 0 : Number(after);
      const size = Number(src.upper);
      const length = Math.min(R2_CHUNK, size - offset);
      if (length <= 0) return { rows: [], more: false };
      const object = await env.FILES.get(origin.key, { range: { offset, length } });
      if (!object) throw new Error(`The stored file ${origin.key} is gone.`);
      const bytes = new Uint8Array(await object.arrayBuffer());
      if (bytes.length !== length) throw new Error(`The stored file ${origin.key} changed size.`);
      return { rows: [{ bytes, end: offset + length }], more: offset + length < size };
    }
    if (origin?.kind !== "forms") throw new Error("Not a Flask export source.");
    const page = await d1(env.DB)
      .select({ doc: formsCrfData, site: sites.uniqueIdentifier })
      .from(formsCrfData)
      .leftJoin(sites, eq(sites.id, formsCrfData.siteId))
      .where(
        and(
          eq(formsCrfData.studyId, origin.studyId),
          eq(formsCrfData.formId, origin.formId),
          gt(formsCrfData.id, after === null ? 0 : Number(after)),
          lte(formsCrfData.id, Number(src.upper)),
          ...scopeConditions({ siteIds: origin.siteIds, subjectId: origin.subjectId }),
        ),
      )
      .orderBy(asc(formsCrfData.id))
      .limit(DOC_PAGE);
    const rows = page.map(({ doc, site }): Row => {
      const data = JSON.parse(doc.data) as Record<string, unknown>;
      const fixed = [doc.subjectLabel, site, doc.eventName, doc.crfDataId, doc.status, doc.dateCreated, doc.dateUpdated];
      const row: Row = { [KEY]: doc.id };
      FIXED_COLUMNS.forEach((name, i) => (row[name] = fixed[i]));
      for (const item of origin.items) row[item] = data[item];
      return row;
    });
    return { rows, more: rows.length === DOC_PAGE };
  };

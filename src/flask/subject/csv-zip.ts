import type { Context } from "hono";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1, type D1Db } from "../../db/d1";
import type { AppEnv } from "../../env";
import { csvRow, safeFileName } from "../../lib/csv";
import { zipDownload } from "../../lib/zip-download";
import type { ZipSource } from "../../lib/zip-r2";
import { formsOfStudy } from "../crf/queries";
import { parseItems } from "../crf/validate";
import { scopeOf, studyInScope, type Scope } from "../../scope";
import { DOC_PAGE, formDocsPage, type DocScope } from "./queries";

export const FIXED_COLUMNS = ["subject_label", "site", "event_name", "crf_data_id", "status", "date_created", "date_updated"] as const;

/** The caller's document scope as plain values: a job stores it with its plan. */
export const docScopeOf = (scope: Scope): { siteIds: number[] | null; subjectId: number | null } => ({
  siteIds: scope.roleId === ROLE.SUBJECT ? null : scope.siteIds,
  subjectId: scope.roleId === ROLE.SUBJECT ? (scope.subject?.id ?? -1) : null,
});

/** The rows of one form's CSV, a keyset page at a time: header, then one row per document. */
async function* formCsv(db: D1Db, studyId: number, form: { id: number; items: string }, scope: DocScope): AsyncGenerator<string> {
  const items = parseItems(form.items).map((i) => i.name);
  yield csvRow([...FIXED_COLUMNS, ...items]);
  let after = 0;
  for (;;) {
    const page = await formDocsPage(db, studyId, form.id, scope, after);
    let chunk = "";
    for (const { doc, site } of page) {
      const data = JSON.parse(doc.data) as Record<string, unknown>;
      chunk += csvRow([
        doc.subjectLabel,
        site,
        doc.eventName,
        doc.crfDataId,
        doc.status,
        doc.dateCreated,
        doc.dateUpdated,
        ...items.map((i) => data[i]),
      ]);
    }
    if (chunk) yield chunk;
    if (page.length < DOC_PAGE) return;
    after = page.at(-1)!.doc.id;
  }
}

/**
 * One CSV per Forms CRF of the study (columns: fixed ones, then the form's items in order), zipped
 * into R2 and answered as §0.5 says. Subject-role callers get only their own rows, site-role callers
 * their sites' rows.
 */
export async function studyEventCsvZip(c: Context<AppEnv>, studyId: number): Promise<Response> {
  const db = d1(c.env.DB);
  const scope = await scopeOf(db, callerOf(c));
  const study = await studyInScope(db, scope, studyId);
  const docScope = docScopeOf(scope);
  const forms = await formsOfStudy(db, study.id);
  const used = new Set<string>();
  const sources: ZipSource[] = forms.map((form) => {
    let name = `${safeFileName(form.name)}.csv`;
    if (used.has(name)) name = `${safeFileName(form.name)}_${form.id}.csv`;
    used.add(name);
    return { name, chunks: formCsv(db, study.id, form, docScope) };
  });
  return zipDownload(c, `FormsStudyData-${study.id}.zip`, sources);
}

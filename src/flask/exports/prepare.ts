import type { Context } from "hono";
import { and, eq, max, type SQL } from "drizzle-orm";
import { ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import { formsCrfData } from "../../db/schema/flask";
import type { PreparedExport } from "../../edc/exports/prepare";
import type { SourcePlan } from "../../edc/exports/plan";
import type { AppEnv } from "../../env";
import { safeFileName } from "../../lib/csv";
import { forbidden, notFound, Problem } from "../../lib/problem";
import { scopeOf, studyInScope } from "../../scope";
import { billingEnabled, billingMonthOf } from "../billing/month";
import { customerFeatures, monthReports } from "../billing/queries";
import { formsOfStudy } from "../crf/queries";
import { parseItems } from "../crf/validate";
import { docScopeOf, FIXED_COLUMNS } from "../subject/csv-zip";
import { scopeConditions } from "../subject/queries";
import { KEY } from "./pages";
import type { FlaskExportInput } from "./schemas";

const ZIP = "application/zip";

/**
 * A Flask zip as an export job: the same checks, scope and files as its streaming route (the study's
 * forms in the caller's site/subject scope; the month's billing reports, for customer admins with the
 * feature on), fixed at creation: the largest document id, each stored report's size.
 */
export async function prepareFlaskExport(c: Context<AppEnv>, input: FlaskExportInput): Promise<PreparedExport> {
  const origin = new URL(c.req.url).origin;
  const caller = callerOf(c);
  const db = d1(c.env.DB);
  if (input.kind === "study-event-csvs") {
    const scope = await scopeOf(db, caller);
    const study = await studyInScope(db, scope, input.params.study_id);
    const docScope = docScopeOf(scope);
    const forms = await formsOfStudy(db, study.id);
    const where: SQL[] = [eq(formsCrfData.studyId, study.id), ...scopeConditions(docScope)];
    const [top] = await db
      .select({ upper: max(formsCrfData.id) })
      .from(formsCrfData)
      .where(and(...where));
    const upper = top?.upper ?? null;
    const used = new Set<string>();
    const sources = forms.map((form): SourcePlan => {
      let name = `${safeFileName(form.name)}.csv`;
      if (used.has(name)) name = `${safeFileName(form.name)}_${form.id}.csv`;
      used.add(name);
      const items = parseItems(form.items).map((i) => i.name);
      return {
        name,
        text: "",
        params: [],
        key: "",
        keyType: "integer",
        keyField: KEY,
        upper: upper === null ? null : String(upper),
        header: [...FIXED_COLUMNS, ...items],
        shape: { kind: "plain" },
        origin: { kind: "forms", studyId: study.id, formId: form.id, items, ...docScope },
      };
    });
    return { plan: { format: "zip", contentType: ZIP, sources, origin, store: "flask" }, fileName: `FormsStudyData-${study.id}.zip` };
  }

  if (caller.roleId !== ROLE.CUSTOMER_ADMIN)
    throw forbidden("role_forbidden", "Only customer administrators and API users may download billing reports.");
  if (!billingEnabled(await customerFeatures(db, caller.customerId))) {
    throw forbidden("feature_disabled", "The billing report feature is not enabled for your account.");
  }
  const month = billingMonthOf(input.params.billingDate);
  const reports = await monthReports(db, caller.customerId, month);
  if (reports.length === 0) throw notFound("no_reports", `There are no billing reports for ${month}.`);
  const sources = await Promise.all(
    reports.map(async (r): Promise<SourcePlan> => {
      const head = await c.env.FILES.head(r.r2Key);
      if (!head)
        throw new Problem(503, "storage_unavailable", `The billing report ${r.fileName} is missing from the file store.`, undefined, {
          "Retry-After": "30",
        });
      return {
        name: r.fileName,
        text: "",
        params: [],
        key: "",
        keyType: "bigint",
        keyField: "end",
        upper: String(head.size),
        header: null,
        shape: { kind: "raw" },
        origin: { kind: "r2", key: r.r2Key },
      };
    }),
  );
  return { plan: { format: "zip", contentType: ZIP, sources, origin, store: "flask" }, fileName: `billing-reports-${month}.zip` };
}

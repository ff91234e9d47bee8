import { z } from "@hono/zod-openapi";
import { DownloadBillingBody } from "../customer/routes";
import { StudyIdBody } from "../subject/routes";

/** Body of POST /flask/exports: the zip's kind and its streaming route's usual body as `params`. */
export const FlaskExportCreateBody = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z
        .literal("study-event-csvs")
        .openapi({ description: "extract-study-event-data-to-CSV (/flask/subject/… and /data-server/data/extract/…)." }),
      params: StudyIdBody,
    }),
    z.object({ kind: z.literal("billing-reports").openapi({ description: "download-billing-reports." }), params: DownloadBillingBody }),
  ])
  .openapi("FlaskExportCreateRequest");

export type FlaskExportInput = z.infer<typeof FlaskExportCreateBody>;

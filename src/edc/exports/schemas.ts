import { z } from "@hono/zod-openapi";
import { CrfLevelBody } from "../crf-level/schemas";
import { ExtractDataBody } from "../schemas";

/** Checked for length before the address pattern ever sees it. */
const Email = z.string().max(254).pipe(z.email());

export const Notify = z
  .object({
    emails: z
      .array(Email)
      .min(1)
      .max(20)
      .openapi({ example: ["data.manager@demo.test"] }),
  })
  .openapi({
    description:
      "Who gets a mail with the signed link when the job is done: the customer's own users, unless the customer allows any address (feature `export_email_any_address`).",
  });

const common = { notify: Notify.optional() };

/** Body of POST /edc/exports: the kind, that kind's usual body as `params`, and who to notify. */
export const ExportCreateBody = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("extract-data"),
      format: z.enum(["json", "ndjson", "csv"]).default("json").openapi({ description: "JSON array (default), NDJSON or CSV." }),
      params: ExtractDataBody,
      ...common,
    }),
    z.object({ kind: z.literal("crf-level"), params: CrfLevelBody.optional(), ...common }),
    z.object({ kind: z.literal("crf-level-csvs"), params: CrfLevelBody.optional(), ...common }),
    z.object({ kind: z.literal("download-csvs-data"), params: CrfLevelBody.optional(), ...common }),
  ])
  .openapi("ExportCreateRequest");

export type ExportCreateInput = z.infer<typeof ExportCreateBody>;

/** E5: the download-csvs-data zip mailed as a link. */
export const SendEmailBody = z
  .intersection(z.object({ emails: Notify.shape.emails }), CrfLevelBody)
  .openapi("SendEmailWithStudyDataRequest");

export const ExportStatus = z.enum(["queued", "running", "done", "failed", "cancelled"]);

export const ExportJob = z
  .object({
    id: z.string(),
    kind: z.string(),
    dbname: z.string(),
    status: ExportStatus,
    rows: z.number().int().openapi({ description: "Rows written so far (updated after every slice)." }),
    bytes: z.number().int().openapi({ description: "Bytes of the file uploaded so far." }),
    parts: z.number().int().openapi({ description: "Parts of the R2 multipart upload written so far." }),
    retries: z.number().int().openapi({ description: "Slices that failed and were run again from their own start." }),
    created: z.string(),
    started: z.string().nullable(),
    finished: z.string().nullable(),
    error: z.string().optional(),
    download: z.string().optional().openapi({ description: "When done: a signed, expiring link to the file (GET /downloads/…)." }),
    links: z.object({ self: z.string() }),
  })
  .openapi("ExportJob");

export const ExportList = z
  .object({ items: z.array(ExportJob), next: z.string().nullable().openapi({ description: "Cursor of the next page, or null." }) })
  .openapi("ExportJobList");

export const JobIdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

import { z } from "@hono/zod-openapi";
import { RelatedCaseSchema } from "../case/schema";
import { listEnvelope, PageMetaSchema } from "../pagination/schema";
import { absoluteUrl, esDateTime } from "../serialize/schema";
import { META_KEYS } from "./serialize";

/** OpenAPI schemas of the §3.2 form object as src/commcare/form/serialize.ts writes it. JSON only. */

/** A value of the XForm JSON (src/commcare/xml/xform-json.ts). */
const xformValue = z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]).openapi("XFormValue", {
  description: "Element text, an element object (attributes `@…`, text `#text`), or a list of repeated elements.",
});

export const FormMetadataSchema = z
  .strictObject(
    Object.fromEntries(META_KEYS.map((k) => [k, xformValue.nullable()])) as Record<
      (typeof META_KEYS)[number],
      z.ZodNullable<typeof xformValue>
    >,
  )
  .openapi("FormMetadata", { description: "The known keys of the form's `meta` block; null when absent." });

export const FormAttachmentSchema = z
  .strictObject({ content_type: z.string(), length: z.number().int(), url: z.string() })
  .openapi("FormAttachment");

export const FormSchema = z
  .strictObject({
    app_id: z.string().nullable(),
    archived: z.boolean(),
    attachments: z.record(z.string(), FormAttachmentSchema).openapi({ description: "Attachments by name (none are stored: always `{}`)." }),
    build_id: z.string().nullable(),
    cases: z.array(RelatedCaseSchema).optional().openapi({ description: "Only with `cases__full=true`: the cases the form touched." }),
    domain: z.string(),
    edited_by_user_id: z.string().nullable(),
    edited_on: esDateTime().nullable(),
    form: z
      .looseObject({ "#type": z.string().openapi({ description: "Root element tag.", example: "data" }) })
      .openapi({ description: "The XForm instance as JSON: attributes `@name`, text `#text`, children by local name (repeats as lists)." }),
    id: z.string(),
    indexed_on: esDateTime(),
    initial_processing_complete: z.boolean(),
    is_phone_submission: z.boolean().openapi({ description: "True when the submission carried `X-OpenRosa-Version`." }),
    metadata: FormMetadataSchema,
    problem: z.string().nullable(),
    received_on: esDateTime(),
    resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/form/d0000000-0000-4000-8000-000000000001/"),
    server_modified_on: esDateTime(),
    submit_ip: z.string().nullable(),
    type: z.string().openapi({ example: "data" }),
    uiversion: z.string().nullable(),
    version: z.string().nullable(),
  })
  .openapi("Form");

export const FormListSchema = listEnvelope("FormList", FormSchema, PageMetaSchema);

import { z } from "@hono/zod-openapi";
import { listEnvelope, PageMetaSchema } from "../pagination/schema";
import { absoluteUrl, caseDate, esDateTime, xmlContent } from "../serialize/schema";

/** OpenAPI schemas of the §3.3 case object as src/commcare/case/serialize.ts writes it, and its CaseXML. */

export const CaseIndexSchema = z
  .strictObject({ case_id: z.string(), case_type: z.string(), relationship: z.string().openapi({ example: "child" }) })
  .openapi("CaseIndex");

export const CasePropertiesSchema = z
  .object({
    case_name: z.string(),
    case_type: z.string(),
    date_opened: caseDate(),
    external_id: z.string().nullable(),
    owner_id: z.string(),
  })
  .catchall(z.string())
  .openapi("CaseProperties", { description: "The fixed properties, plus every dynamic case property (text)." });

const CASE_SHAPE = {
  case_id: z.string(),
  closed: z.boolean(),
  closed_by: z.string().nullable(),
  date_closed: esDateTime().nullable(),
  date_modified: caseDate(),
  domain: z.string(),
  id: z.string(),
  indexed_on: esDateTime(),
  indices: z.record(z.string(), CaseIndexSchema).openapi({ description: "Indices by identifier (e.g. `parent`)." }),
  opened_by: z.string().nullable(),
  properties: CasePropertiesSchema,
  resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/case/cafe0000000000000000000000000001/"),
  server_date_modified: caseDate(),
  server_date_opened: caseDate(),
  user_id: z.string(),
  xform_ids: z.array(z.string()),
};

export const RelatedCaseSchema = z.strictObject(CASE_SHAPE).openapi("RelatedCase", {
  description: "A case inside another answer (`parent_cases`, `child_cases`, a form's `cases`): no related cases of its own.",
});

export const CaseSchema = z
  .strictObject({
    ...CASE_SHAPE,
    child_cases: z
      .record(z.string(), RelatedCaseSchema)
      .optional()
      .openapi({ description: "Only with `child_cases__full=true`: the cases indexing this one, by their index identifier." }),
    parent_cases: z
      .record(z.string(), RelatedCaseSchema)
      .optional()
      .openapi({ description: "Only with `parent_cases__full=true`: the cases this one indexes, by identifier." }),
  })
  .openapi("Case");

export const CaseListSchema = listEnvelope("CaseList", CaseSchema, PageMetaSchema);

const CASEXML =
  '`<case xmlns="http://commcarehq.org/case/transaction/v2" case_id=… date_modified=… user_id=…><create><case_type/><case_name/><owner_id/></create><update>…properties…</update>[<index>…</index>][<close/>]</case>`';

export const CASE_LIST_XML = xmlContent(
  `CaseXML v2 (\`format=xml\` or \`Accept: application/xml\`; \`format=json\` wins): \`<?xml version='1.0' encoding='utf-8'?><response><meta type="hash">…</meta><objects type="list">\` + one ${CASEXML} per case + \`</objects></response>\`.`,
);
export const CASE_DETAIL_XML = xmlContent(
  `CaseXML v2 (\`format=xml\` or \`Accept: application/xml\`): \`<?xml version='1.0' encoding='utf-8'?>\` + ${CASEXML}.`,
);

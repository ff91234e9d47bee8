import { z } from "@hono/zod-openapi";
import { listEnvelope, OffsetPageMetaSchema } from "../pagination/schema";
import { absoluteUrl, TASTYPIE_XML, xmlContent } from "../serialize/schema";

/** OpenAPI schemas of the §3.4 bulk-user object as src/commcare/bulk-user/handlers.ts writes it. */

const BULK_USER_SHAPE = {
  email: z.string().openapi({ description: "Empty for a mobile worker without one." }),
  first_name: z.string(),
  id: z.string(),
  last_name: z.string(),
  phone_numbers: z.array(z.string()),
  resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/bulk-user/0b000000000000000000000000000004/"),
  username: z.string(),
};

export const BulkUserSchema = z.strictObject(BULK_USER_SHAPE).openapi("BulkUser", { description: "Without `fields`: exactly these keys." });

export const BulkUserFieldsSchema = z
  .strictObject(BULK_USER_SHAPE)
  .partial()
  .openapi("BulkUserFields", { description: "With `fields` (repeatable): exactly the keys asked for, `resource_uri` only if asked." });

export const BulkUserListSchema = listEnvelope("BulkUserList", z.union([BulkUserSchema, BulkUserFieldsSchema]), OffsetPageMetaSchema);

export const BULK_USER_XML = xmlContent(`${TASTYPIE_XML} Each \`<object>\` carries its \`id\` as an attribute (\`CustomXMLSerializer\`).`);

import { z } from "@hono/zod-openapi";
import { CountedPageMetaSchema, listEnvelope } from "../pagination/schema";
import { absoluteUrl, TASTYPIE_XML, xmlContent } from "../serialize/schema";

/** OpenAPI schemas of the group as src/commcare/group/serialize.ts writes it. */

export const GroupSchema = z
  .strictObject({
    case_sharing: z.boolean().openapi({ description: "Members share cases owned by the group." }),
    domain: z.string(),
    id: z.string().openapi({ description: "CommCare's hex group id (the `group` filter of the user list)." }),
    metadata: z.record(z.string(), z.unknown()).openapi({ description: "The group's custom data." }),
    name: z.string(),
    reporting: z.boolean().openapi({ description: "The group is offered as a report filter." }),
    resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/group/9a000000000000000000000000000001/"),
    users: z.array(z.string()).openapi({ description: "Ids of the group's active members, by username." }),
  })
  .openapi("Group");

export const GroupListSchema = listEnvelope("GroupList", GroupSchema, CountedPageMetaSchema);
export const GROUP_XML = xmlContent(`${TASTYPIE_XML} Each \`<object>\` carries its \`id\` as an attribute.`);

import { z } from "@hono/zod-openapi";
import { PERMISSIONS } from "../auth/credentials";
import { CountedPageMetaSchema, listEnvelope } from "../pagination/schema";
import { absoluteUrl } from "../serialize/schema";
import { BASE_USER_SHAPE, USER_XML } from "../user/schema";

/** OpenAPI schemas of the web user as src/commcare/web-user/serialize.ts writes it. */

export const WebUserSchema = z
  .strictObject({
    ...BASE_USER_SHAPE,
    is_admin: z.boolean().openapi({ description: "A domain administrator." }),
    permissions: z
      .strictObject(Object.fromEntries(PERMISSIONS.map((p) => [p, z.boolean()])) as Record<(typeof PERMISSIONS)[number], z.ZodBoolean>)
      .openapi({ description: "What the user's role in this domain grants." }),
    resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/web-user/0a000000000000000000000000000001/"),
    role: z.string().openapi({ description: "Name of the user's role in this domain.", example: "Admin" }),
  })
  .openapi("WebUser");

export const WebUserListSchema = listEnvelope("WebUserList", WebUserSchema, CountedPageMetaSchema);
export const WEB_USER_XML = USER_XML;

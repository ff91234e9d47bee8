import { z } from "@hono/zod-openapi";
import { CountedPageMetaSchema, listEnvelope } from "../pagination/schema";
import { absoluteUrl, TASTYPIE_XML, xmlContent } from "../serialize/schema";

/** OpenAPI schemas of the mobile worker (`user`) as src/commcare/user/serialize.ts writes it. */

/** The fields every user resource shares (`v0_1.UserResource`). */
export const BASE_USER_SHAPE = {
  default_phone_number: z.string().nullable().openapi({ description: "The first of `phone_numbers`; null when there is none." }),
  email: z.string().openapi({ description: "Empty when the user has none." }),
  first_name: z.string(),
  id: z.string().openapi({ description: "CommCare's hex user id (the `userID` of the user's form submissions)." }),
  last_name: z.string(),
  phone_numbers: z.array(z.string()),
  username: z.string(),
};

export const UserDataSchema = z
  .looseObject({
    commcare_location_id: z.string().optional().openapi({ description: "The primary location's `location_id`; absent without locations." }),
    commcare_location_ids: z
      .string()
      .optional()
      .openapi({ description: "Every assigned `location_id`, space-separated, in assignment order." }),
    commcare_primary_case_sharing_id: z
      .string()
      .optional()
      .openapi({ description: "The primary location's id when its type shares cases." }),
    commcare_project: z.string().openapi({ description: "The domain." }),
  })
  .openapi("UserData", {
    description: "The worker's custom user fields (string values), plus the keys CommCare derives (`user_session_data`).",
  });

export const MobileWorkerSchema = z
  .strictObject({
    ...BASE_USER_SHAPE,
    groups: z.array(z.string()).openapi({ description: "Ids of the groups the worker belongs to, by group name." }),
    is_active: z.boolean().openapi({ description: "False for an archived (deactivated) worker." }),
    locations: z.array(z.string()).openapi({ description: "`location_id` of every assigned location, in assignment order." }),
    primary_location: z.string().nullable().openapi({ description: "The primary location's `location_id`, or null." }),
    resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/user/0b000000000000000000000000000004/"),
    user_data: UserDataSchema,
  })
  .openapi("MobileWorker");

export const MobileWorkerListSchema = listEnvelope("MobileWorkerList", MobileWorkerSchema, CountedPageMetaSchema);

export const USER_XML = xmlContent(
  `${TASTYPIE_XML} Each \`<object>\` carries its \`id\` as an attribute; \`user_data\` keys starting with a digit are left out.`,
);

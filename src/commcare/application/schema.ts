import { z } from "@hono/zod-openapi";
import { listEnvelope, UnpaginatedMetaSchema } from "../pagination/schema";
import { absoluteUrl, TASTYPIE_XML, xmlContent } from "../serialize/schema";

/** OpenAPI schemas of the §3.1 application object as src/commcare/application/serialize.ts writes it. */

const translations = z
  .record(z.string(), z.string())
  .openapi({ description: "Text per language code.", example: { en: "Register household" } });

export const AppQuestionSchema = z
  .strictObject({
    group: z.string(),
    hashtagValue: z.string().openapi({ example: "#form/hh_name" }),
    label: z.string(),
    options: z
      .array(z.looseObject({ label: z.string(), value: z.string() }))
      .optional()
      .openapi({ description: "Choices of a select question; absent otherwise." }),
    repeat: z.string(),
    required: z.boolean(),
    tag: z.string(),
    type: z.string(),
    value: z.string().openapi({ example: "/data/hh_name" }),
  })
  .openapi("AppQuestion");

export const AppFormSchema = z
  .strictObject({ name: translations, questions: z.array(AppQuestionSchema), unique_id: z.string(), xmlns: z.string() })
  .openapi("AppForm");

export const AppModuleSchema = z
  .strictObject({
    case_properties: z.array(z.string()),
    case_type: z.string(),
    forms: z.array(AppFormSchema),
    name: translations,
    unique_id: z.string(),
  })
  .openapi("AppModule");

export const AppVersionSchema = z
  .strictObject({
    build_comment: z.string().nullable(),
    built_on: z.string().nullable().openapi({ example: "2026-09-15T10:00:00.000000Z" }),
    id: z.string(),
    is_released: z.boolean(),
    version: z.number().int(),
  })
  .openapi("AppVersion", { description: "One build of a working copy." });

const APP_SHAPE = {
  build_comment: z.string().nullable(),
  built_from_app_id: z
    .string()
    .nullable()
    .openapi({ description: "The working copy a build was made from (`copy_of`); null for a working copy." }),
  built_on: z.string().nullable().openapi({ description: "Null for a working copy." }),
  id: z.string(),
  is_released: z.boolean(),
  modules: z.array(AppModuleSchema).openapi({ description: "Empty for a remote app." }),
  name: z.string(),
  resource_uri: absoluteUrl("https://trialedge.example/a/demo/api/v0.5/application/a1b2c3d4e5f60718293a4b5c6d7e8f90/"),
  version: z.number().int(),
  versions: z.array(AppVersionSchema).openapi({ description: "Builds of a working copy, by version; empty for a build." }),
};

export const ApplicationSchema = z.strictObject(APP_SHAPE).openapi("Application", { description: "Without `extras`: exactly these keys." });

export const ApplicationWithExtrasSchema = z
  .object(APP_SHAPE)
  .catchall(z.unknown())
  .openapi("ApplicationWithExtras", { description: "`extras=true`: the raw application document's keys as well (the fields above win)." });

export const ApplicationResponseSchema = z.union([ApplicationSchema, ApplicationWithExtrasSchema]).openapi("ApplicationResponse");

export const ApplicationListSchema = listEnvelope(
  "ApplicationList",
  ApplicationResponseSchema,
  UnpaginatedMetaSchema,
  "Every working copy, by creation date.",
);

export const APPLICATION_XML = xmlContent(
  `${TASTYPIE_XML} Each element's \`<id>\` child becomes its \`id\` attribute (\`CustomXMLSerializer\`).`,
);

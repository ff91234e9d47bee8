import { z } from "@hono/zod-openapi";

/**
 * OpenAPI schemas of the list `meta` (src/commcare/pagination/meta.ts) and of the list envelope
 * `{meta, objects}`. Four metas, because the lists page differently: the form, case and v0.6
 * location lists take `cursor` and `count=false`; v0.5 locations take `cursor` only; bulk users and
 * location types page by offset only; applications are not paginated (§2.4).
 */
const link = (which: string) =>
  z
    .string()
    .nullable()
    .openapi({
      description: `Absolute path of the ${which} page with the request's other parameters, \`limit\` and \`offset\` (or \`cursor\`) last (Q1); null when there is none.`,
      example: "/a/demo/api/v0.5/form/?limit=20&offset=20",
    });

const limit = z.number().int().min(1).openapi({ description: "The effective page size (`limit=0` or above the maximum is clamped)." });
const offsetOrCursor = z.number().int().min(0).nullable().openapi({ description: "The offset; null when paging by `cursor` (Q15)." });
const counted = z.number().int().min(0).openapi({ description: "Number of all matching rows." });

export const PageMetaSchema = z
  .strictObject({
    limit,
    next: link("next"),
    offset: offsetOrCursor,
    previous: link("previous"),
    total_count: counted.nullable().openapi({ description: "Number of all matching rows; null with `count=false` (no count was run)." }),
  })
  .openapi("PageMeta", { description: "Offset or keyset paging; `count=false` leaves `total_count` null." });

export const CountedPageMetaSchema = z
  .strictObject({ limit, next: link("next"), offset: offsetOrCursor, previous: link("previous"), total_count: counted })
  .openapi("CountedPageMeta", { description: "Offset or keyset paging, always counted." });

export const OffsetPageMetaSchema = z
  .strictObject({ limit, next: link("next"), offset: z.number().int().min(0), previous: link("previous"), total_count: counted })
  .openapi("OffsetPageMeta", { description: "Offset paging, always counted." });

export const UnpaginatedMetaSchema = z
  .strictObject({
    limit: z.null(),
    next: z.null(),
    offset: z.literal(0),
    previous: z.null(),
    total_count: counted,
  })
  .openapi("UnpaginatedMeta", {
    description: "The application list is not paginated (`DoesNothingPaginatorCompat`): every app, `limit`/`offset` ignored.",
  });

/** `{meta, objects: [item]}` under a component name. */
export function listEnvelope<T extends z.ZodType, M extends z.ZodType>(name: string, item: T, meta: M, description?: string) {
  return z.strictObject({ meta, objects: z.array(item) }).openapi(name, description ? { description } : {});
}

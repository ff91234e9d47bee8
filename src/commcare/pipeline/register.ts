import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { dispatcher } from "./dispatch";
import type { Method, ResourceDef, ResourceImpls } from "./resource";

export const CC_SECURITY = [{ CommCareApiKey: [] }];

/** OpenAPI description of `count` on the form, case and v0.6 location lists (src/commcare/pagination/page.ts). */
export const COUNT_DOC = "`count=false` skips counting the matching rows (the cost of a deep page): `meta.total_count` is then `null` (the key stays, so clients that read it get a null rather than a missing key), and `meta.next` is set when one more row exists. `count` is reserved, never a filter; absent or `true` counts as before; any other value → 400.";

/** Documentation of one operation; validation stays in the handlers so messages match the spec. */
export interface OpDoc {
  summary: string;
  description?: string;
  query?: string[];
  /** Raw JSON Schema of the body (documented, not validated by zod). */
  body?: Record<string, unknown>;
  status?: number;
}

export type ResourceDocs = { list: Partial<Record<Method, OpDoc>>; detail: Partial<Record<Method, OpDoc>> };

const EMPTY = { description: "Empty body." };
const ERROR = { description: '`{"error": "<message>"}`', content: { "application/json": { schema: z.object({ error: z.string() }) } } };

/**
 * Registers a resource under every URL scheme: each allowed method and OPTIONS as a documented
 * route, and a catch-all (hono `ALL`) that answers 405 with `Allow` for the others. All of them run
 * the same §2.1 pipeline (src/commcare/pipeline/dispatch.ts).
 */
export function registerResource(router: OpenAPIHono<AppEnv>, def: ResourceDef, impls: ResourceImpls, docs: ResourceDocs) {
  for (const scheme of def.paths) {
    for (const kind of ["list", "detail"] as const) {
      const prefix = def.prefix ?? "api/";
      const path = kind === "list" ? `/a/{domain}/${prefix}${scheme}` : `/a/{domain}/${prefix}${scheme}{${def.detailParam}}/`;
      const handler = dispatcher(def, scheme, kind, impls[kind]);
      const methods = kind === "list" ? def.listMethods : def.detailMethods;
      if (methods.length === 0) continue;
      const params = z.object({
        domain: z.string().openapi({ example: "demo" }),
        ...(kind === "detail" ? { [def.detailParam]: z.string() } : {}),
      });
      for (const method of methods) {
        const doc = docs[kind][method] ?? { summary: `${method} ${def.name} ${kind}` };
        const route = createRoute({
          method: method.toLowerCase() as "get",
          path,
          tags: ["CommCare"],
          summary: doc.summary,
          description: doc.description,
          security: CC_SECURITY,
          request: {
            params,
            ...(doc.body ? { body: { required: true, content: { "application/json": { schema: doc.body as never } } } } : {}),
          },
          parameters: doc.query?.map((name) => ({ name, in: "query" as const, required: false, schema: { type: "string" as const } })),
          responses: {
            [doc.status ?? 200]: { description: "Success.", content: { "application/json": { schema: z.any() } } },
            400: ERROR,
            401: { description: "Not authenticated (empty body), or the domain lacks API access (message)." },
            403: { description: "Not a member, missing permission, or feature missing: empty body." },
            404: EMPTY,
            405: { description: "Method not allowed; body and `Allow` list the allowed methods." },
            429: { description: "Domain budget spent; `Retry-After`." },
          },
        });
        router.openapi(route, handler as never);
      }
      router.openapi(
        createRoute({
          method: "options",
          path,
          tags: ["CommCare"],
          summary: `Allowed methods of the ${def.name} ${kind} URL, with CORS headers.`,
          request: { params },
          responses: { 200: { description: "`Allow` and CORS headers; the body lists the methods." } },
        }),
        handler as never,
      );
      router.all(path.replace(/\{([^}]+)\}/g, ":$1"), handler);
    }
  }
}

import { createRoute, z, type OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { MAX_BODY_BYTES } from "../../lib/body-limit";
import { MAX_SUBMISSION_BODY_BYTES } from "./body-limit";
import { dispatcher } from "./dispatch";
import type { Method, ResourceDef, ResourceImpls } from "./resource";

export const CC_SECURITY = [{ CommCareApiKey: [] }];

/** OpenAPI description of `count` on the form, case and v0.6 location lists (src/commcare/pagination/page.ts). */
export const COUNT_DOC =
  "`count=false` skips counting the matching rows (the cost of a deep page): `meta.total_count` is then `null` (the key stays, so clients that read it get a null rather than a missing key), and `meta.next` is set when one more row exists. `count` is reserved, never a filter; absent or `true` counts as before; any other value → 400.";

type ResponseDoc = Exclude<RouteConfig["responses"][string], { $ref: string }>;
type BodyDoc = NonNullable<NonNullable<RouteConfig["request"]>["body"]>;
type Content = NonNullable<ResponseDoc["content"]>;

/** Documentation of one operation; validation stays in the handlers so messages match the spec. */
export interface OpDoc {
  summary: string;
  /**
   * The verb of the operationId (`commcare<Resource><Action><Version>`); by default List, Detail,
   * Create, BulkUpdate, Update or Delete from the URL kind and method.
   */
  action?: string;
  description?: string;
  query?: string[];
  /**
   * The request body, for the document only: such a route is served without @hono/zod-openapi's
   * body validator (see `registerResource`), and the handler reads and checks the body itself.
   */
  body?: BodyDoc;
  /** Status of the success answer (200 by default). */
  status?: number;
  /** The success answer; null when the operation has none (the bulk-user detail always answers 404). */
  success: ResponseDoc | null;
  /** Error answers that differ from the standard ones (the receiver's 400 is an OpenRosaResponse). */
  responses?: Record<number, ResponseDoc>;
}

export type ResourceDocs = { list: Partial<Record<Method, OpDoc>>; detail: Partial<Record<Method, OpDoc>> };

/** A success answer in JSON, and in XML too when the resource serves it (§2.3). */
export function success(description: string, json: z.ZodType, xml?: { schema: z.ZodType }): ResponseDoc {
  return { description, content: { "application/json": { schema: json }, ...(xml ? { "application/xml": xml } : {}) } as Content };
}

export const CommCareErrorSchema = z
  .strictObject({ error: z.string() })
  .openapi("CommCareError", { description: "tastypie error body (plain text, not HTML-escaped: Q12)." });
const InternalErrorSchema = z
  .strictObject({
    error_message: z.string().openapi({ example: "Sorry, this request could not be processed. Please try again later." }),
    request_id: z.string(),
  })
  .openapi("CommCareInternalError");

const json = (schema: z.ZodType) => ({ "application/json": { schema } }) as Content;

/** The error answers every operation of `def` can give (§2.1, §2.6, Q14). */
function standardResponses(def: ResourceDef, kind: "list" | "detail", method: Method): Record<number, ResponseDoc> {
  const api = def.requiresApi !== false;
  const out: Record<number, ResponseDoc> = {
    400: { description: 'Bad request: `{"error": "<message>"}` with the spec\'s message.', content: json(CommCareErrorSchema) },
    401: api
      ? {
          description:
            'Not authenticated: empty body. Checked before authentication, the domain being cut off (`API_BLACKLIST`) or without API access answers `{"error": "<message>"}`.',
          content: json(CommCareErrorSchema),
        }
      : { description: "Not authenticated: empty body." },
    403: {
      description: def.needsLocations
        ? "The domain lacks the LOCATIONS feature (checked first), the user is not a web member of the domain, or the key lacks the permission: empty body."
        : "The user is not a web member of the domain, or the key lacks the permission: empty body.",
    },
    405: { description: "Method not allowed (also via `X-HTTP-Method-Override`): the body and `Allow` list the allowed methods." },
    429: { description: "The domain's request budget is spent: empty body, `Retry-After` and `RateLimit-*` headers." },
    500: { description: "Unexpected failure; quote the request id.", content: json(InternalErrorSchema) },
  };
  if (kind === "detail" || !api)
    out[404] = { description: api ? "No such object in this domain: empty body." : "No such domain: empty body." };
  if (method !== "GET") {
    out[503] = {
      description: "Too many concurrent writes to this domain; nothing was stored. `Retry-After`.",
      content: json(CommCareErrorSchema),
    };
    const max = def.name === "receiver" ? MAX_SUBMISSION_BODY_BYTES : MAX_BODY_BYTES;
    out[413] = {
      description: `The body is larger than ${max} bytes (counted as it streams, whatever Content-Length says): \`{"error": ...}\`, nothing stored.`,
      content: json(CommCareErrorSchema),
    };
  }
  return out;
}

const DEFAULT_ACTIONS: Record<"list" | "detail", Partial<Record<Method, string>>> = {
  list: { GET: "List", POST: "Create", PATCH: "BulkUpdate", PUT: "Replace", DELETE: "DeleteAll" },
  detail: { GET: "Detail", POST: "Post", PUT: "Update", PATCH: "Patch", DELETE: "Delete" },
};

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");

/**
 * The description of one operation: what its docs say, then what every CommCare operation shares:
 * the other URL schemes of the same resource, and the permission (and feature) the key needs.
 */
function describeOperation(def: ResourceDef, scheme: string, doc: OpDoc): string {
  const prefix = def.prefix ?? "api/";
  const others = def.paths.filter((p) => p !== scheme).map((p) => `\`/a/{domain}/${prefix}${p}\``);
  return [
    doc.description ?? doc.summary,
    others.length ? `The same resource answers under ${others.join(" and ")}; each URL scheme is its own operation here.` : "",
    `The key's user needs the \`${def.permission}\` permission in the domain` +
      `${def.needsLocations ? ", and the domain the LOCATIONS feature" : ""}.`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/**
 * The stable operationId of one CommCare operation: family, resource and action, then the version of
 * the URL scheme (`v0.5/form/` → `V05`, `form/v1/` → `V1`), since every scheme is its own operation.
 * E.g. `commcareFormListV05`, `commcareLocationCreateV2`, `commcareReceiverSubmit`.
 */
export function commcareOperationId(scheme: string, kind: "list" | "detail", method: Method, action?: string) {
  const segments = scheme.split("/").filter(Boolean);
  const isVersion = (s: string) => /^v\d+(\.\d+)?$/.test(s);
  const resource = segments.filter((s) => !isVersion(s)).join("-");
  const version = segments.find(isVersion)?.replace(".", "") ?? "";
  const verb = action ?? DEFAULT_ACTIONS[kind][method];
  return `commcare${pascal(resource)}${verb}${pascal(version)}`;
}

/**
 * Registers a resource under every URL scheme: each allowed method and OPTIONS as a documented
 * route, and a catch-all (hono `ALL`) that answers 405 with `Allow` for the others. All of them run
 * the same §2.1 pipeline (src/commcare/pipeline/dispatch.ts).
 *
 * An operation with a request body is documented with it (`openAPIRegistry.registerPath`) but
 * served through a route without it (`hide: true`): @hono/zod-openapi would otherwise validate the
 * body and answer its own 400/415 (malformed JSON, another Content-Type) before the handler could
 * answer the spec's message.
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
        const doc = docs[kind][method];
        if (!doc) throw new Error(`${def.name} ${kind} ${method} has no OpenAPI documentation`);
        const route = createRoute({
          method: method.toLowerCase() as "get",
          path,
          operationId: commcareOperationId(scheme, kind, method, doc.action),
          tags: ["CommCare"],
          summary: doc.summary,
          description: describeOperation(def, scheme, doc),
          security: CC_SECURITY,
          request: { params, ...(doc.body ? { body: doc.body } : {}) },
          parameters: doc.query?.map((name) => ({ name, in: "query" as const, required: false, schema: { type: "string" as const } })),
          responses: {
            ...(doc.success ? { [doc.status ?? 200]: doc.success } : {}),
            ...standardResponses(def, kind, method),
            ...doc.responses,
          },
        });
        if (doc.body) {
          router.openAPIRegistry.registerPath(route);
          router.openapi({ ...route, request: { params }, hide: true }, handler as never);
        } else {
          router.openapi(route, handler as never);
        }
      }
      // OPTIONS (Allow + CORS) is answered on every URL but left out of the document: one generic
      // operation per URL would double the CommCare section without telling a client anything new
      // (the CommCare tag description says it once).
      router.openapi(
        createRoute({
          method: "options",
          path,
          hide: true,
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

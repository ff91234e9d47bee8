import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details as this API emits them (src/lib/problem.ts). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    error: z.string().openapi({ description: "Stable machine-readable code." }),
    errors: z.array(z.object({ path: z.string(), message: z.string(), in: z.string().optional() })).optional(),
    request_id: z.string(),
  })
  .openapi("Problem");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request: every bad field is listed in `errors`.",
  401: "Missing, malformed, expired or revoked token.",
  403: "Outside the caller's scope, or feature disabled.",
  404: "Unknown object.",
  409: "Conflict with the current state.",
  413: "Request body too large.",
  429: "Too many requests; see `Retry-After`.",
  503: "A backing database is unreachable.",
};

/** The problem+json responses of a route, for its OpenAPI `responses`. */
export function problemResponses(...statuses: (keyof typeof DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s]!, content: { "application/problem+json": { schema: ProblemSchema } } }]),
  ) as Record<number, { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } }>;
}

/** A JSON request body that must be present and of type application/json, with an example request for the document. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string, example?: z.input<T>) {
  const media = { schema, ...(example === undefined ? {} : { example }) };
  return { required: true, description, content: { "application/json": media } } as const;
}

export const TOKEN_SECURITY = [{ Token: [] }];
export const EDC_SECURITY = [{ Token: [], EdcDatabase: [] }];

/** The 200 of every zip route (flaskdata-api.md §0.5): the zip itself, and a signed `Link` to fetch it again. */
export const ZIP_RESPONSE = {
  description: "The zip (also at the signed URL of the `Link` header).",
  headers: z.object({
    link: z.string().openapi({ description: '`<signed url>; rel="alternate"`: the same zip, without a token, until the link expires' }),
  }),
  content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
};

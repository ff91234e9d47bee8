import { createRoute, z } from "@hono/zod-openapi";
import { ProblemSchema, problemResponses } from "../lib/openapi-schemas";

export const download = createRoute({
  method: "get",
  path: "/downloads/{id}/{name}",
  operationId: "downloadsGetFile",
  security: [],
  tags: ["Downloads"],
  summary: "Serve a generated file through its signed, expiring link (no token needed).",
  description:
    "Links come in the `Link` header of the zip endpoints. Supports one `Range` (206; 416 when it lies outside the file). Any invalid or expired link gets the same 403.",
  request: {
    params: z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(300) }),
    query: z.object({ expires: z.string().optional(), sig: z.string().optional() }),
  },
  responses: {
    200: { description: "The file.", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
    206: {
      description: "The requested byte range.",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...problemResponses(403, 404),
    416: {
      description: "The `Range` lies outside the file; `Content-Range: bytes */<size>` gives its size.",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

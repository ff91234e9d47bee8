import { ccBadRequest } from "../errors";
import type { CcRequest } from "../pipeline/resource";

/**
 * tastypie `deserialize`: the Content-Type (default JSON) must be JSON, the body valid JSON.
 */
export async function readJsonBody(r: CcRequest): Promise<unknown> {
  const contentType = (r.c.req.header("content-type") ?? "application/json").split(";")[0]!.trim().toLowerCase();
  if (contentType !== "application/json" && !contentType.endsWith("+json")) {
    throw ccBadRequest(
      `The format indicated '${contentType}' had no available deserialization method. Please check your \`\`formats\`\` and \`\`content_types\`\` on your Serializer.`,
    );
  }
  const text = await r.c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw ccBadRequest("Request is not valid JSON.");
  }
}

export const PATCH_LIMIT = 100;

/** `{"objects": [...]}` of a bulk PATCH: missing → 400, more than 100 → 400. */
export function patchObjects(body: unknown): unknown[] {
  const objects = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>).objects : undefined;
  if (!Array.isArray(objects)) throw ccBadRequest("Invalid data sent: missing 'objects'");
  if (objects.length > PATCH_LIMIT) throw ccBadRequest("Object count exceeds limit for PATCH method.");
  return objects;
}

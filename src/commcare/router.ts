import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { CommCareError } from "./errors";

/** Router for /a/{domain}/api: validation failures answer CommCare's `{"error": "..."}`. */
export function createCommCareRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const first = result.error.issues[0];
        const where = first?.path.length ? `${first.path.join(".")}: ` : "";
        throw new CommCareError(400, `${where}${first?.message ?? "Invalid request"}`);
      }
    },
  });
}

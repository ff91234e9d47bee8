import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { badRequest } from "./problem";
import { fieldErrors } from "./validation";

/**
 * Router for the /auth, /edc, /flask families: a zod failure anywhere in the request becomes one
 * 400 problem+json listing every bad field with its JSON Pointer.
 */
export function createProblemRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error.issues, result.target);
        throw badRequest("validation_failed", `The request has ${errors.length} invalid field(s).`, errors);
      }
    },
  });
}

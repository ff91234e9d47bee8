import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
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

/**
 * `guard(route)` mounts `middleware` on that route's own path and gives the route back, for
 * `router.openapi(guard(route), handler)`. Per route path, not a family prefix such as "/edc/*": an unknown
 * path under the prefix must still answer 404, not 401.
 */
export function routeGuard(router: OpenAPIHono<AppEnv>, ...middleware: MiddlewareHandler<AppEnv>[]) {
  return <R extends { path: string }>(route: R) => {
    for (const handler of middleware) router.use(route.path, handler);
    return route;
  };
}

import type { RouteConfig, RouteConfigToTypedResponse } from "@hono/zod-openapi";

/** The 200 answer a route declares, as @hono/zod-openapi types it. */
type Declared200<R extends RouteConfig> = Extract<RouteConfigToTypedResponse<R>, { _status: 200 }>;

/**
 * A JSON answer written a page at a time (rows from a cursor, never held whole) as the 200 response its
 * route declares: hono types a JSON body only through `c.json`, which takes the whole value at once. The
 * writer of the stream keeps the body to the declared schema; this is the one place that tells the type checker.
 */
export const streamedJson = <R extends RouteConfig>(res: Response) => res as Response & Declared200<R>;

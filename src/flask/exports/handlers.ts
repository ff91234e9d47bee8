import type { RouteHandler } from "@hono/zod-openapi";
import { enqueueJob, FLASK_DBNAME } from "../../edc/exports/handlers";
import type { AppEnv } from "../../env";
import { prepareFlaskExport } from "./prepare";
import type * as routes from "./routes";

export const createFlaskExport: RouteHandler<typeof routes.createFlaskExport, AppEnv> = async (c) => {
  const input = c.req.valid("json");
  const prepared = await prepareFlaskExport(c, input);
  const { id, self } = await enqueueJob(c, { kind: input.kind, dbname: FLASK_DBNAME, params: input.params, emails: null }, prepared);
  return c.json({ id, status: "queued" as const, links: { self } }, 202, { Location: self });
};

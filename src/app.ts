import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env";
import { authRouter } from "./auth";
import { commcareRouter } from "./commcare";
import { downloadsRouter } from "./downloads";
import { edcRouter } from "./edc";
import { flaskRouter } from "./flask";
import { healthRouter } from "./lib/health";
import { HttpError } from "./lib/http-error";
import { registerSecuritySchemes, serveOpenApi } from "./lib/openapi";
import { errorFields } from "./lib/logger";
import { d1Session } from "./lib/d1-session";
import { requestContext } from "./lib/request-context";
import { badRequestError, familyOf, fromHttpException, internalError, notFoundError } from "./errors";

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", requestContext);
  app.use(
    "*",
    d1Session((path, code, detail) => badRequestError(familyOf(path), code, detail)),
  );
  registerSecuritySchemes(app);

  app.route("/", healthRouter);
  app.route("/", authRouter);
  app.route("/", edcRouter);
  app.route("/", flaskRouter);
  app.route("/", downloadsRouter);
  app.route("/", commcareRouter);
  serveOpenApi(app);

  app.notFound((c) => notFoundError(familyOf(c.req.path), c.req.method, c.req.path).toResponse(c.get("requestId")));

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    const family = familyOf(c.req.path);
    if (err instanceof HttpError) return err.toResponse(requestId);
    if (err instanceof HTTPException) return fromHttpException(family, err).toResponse(requestId);
    c.get("logger")?.error("unhandled_error", errorFields(err));
    return internalError(family, requestId);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

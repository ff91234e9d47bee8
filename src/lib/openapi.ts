import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { swaggerUi } from "./swagger-ui";

/** Security schemes every family's routes refer to by name. */
export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>) {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "Token", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "Token from POST /auth/authorize: raw, `JWT <token>` or `Bearer <token>`.",
  });
  registry.registerComponent("securitySchemes", "EdcDatabase", {
    type: "apiKey",
    in: "header",
    name: "EDC",
    description: "The EDC database name (the study's `dbname`).",
  });
  registry.registerComponent("securitySchemes", "CommCareApiKey", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "`ApiKey <username>:<key>`; also `?username=&api_key=` or HTTP Basic.",
  });
}

/** `/openapi.json` (OpenAPI 3.1) and Swagger UI at `/swagger`, both generated from the routes. */
export function serveOpenApi(app: OpenAPIHono<AppEnv>) {
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "TrialEdge API",
      version: "0.1.0",
      description:
        "ClearClinica API (/auth, /edc), FlaskData (/flask) and a CommCare HQ compatible API (/a/{domain}/api) on one Cloudflare Worker.",
    },
    tags: [
      { name: "Auth", description: "Tokens for /edc and /flask." },
      { name: "EDC", description: "ClinCapture EDC extraction and subject creation." },
      { name: "Flask", description: "FlaskData customers, studies, sites, users, device logs, Forms." },
      { name: "CommCare", description: "CommCare HQ compatible API." },
      { name: "Downloads", description: "Signed, expiring download links." },
      { name: "Platform", description: "Health and documentation." },
    ],
  });
  app.get("/swagger", swaggerUi("/openapi.json"));
}

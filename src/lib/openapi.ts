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

/** The document's fixed part; the paths come from the routes. Shared by `/openapi.json` and scripts/openapi. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "TrialEdge API",
    version: "0.1.0",
    description: [
      "ClearClinica API (/auth, /edc), FlaskData (/flask, /data-server) and a CommCare HQ compatible API (/a/{domain}/...) on one",
      "Cloudflare Worker. The behaviour of each family, and the decisions that summaries cite by ID (E1, F3, Q5, §3.6 …), are",
      "described in the repository: `docs/platform.md`, `docs/clearclinica.md` (E…), `docs/flaskdata.md` (F…, §…) and",
      "`docs/commcare.md` (Q…, §2.…).",
    ].join(" "),
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  servers: [{ url: "/", description: "The Worker that serves this document." }],
  tags: [
    { name: "Auth", description: "Tokens for /edc and /flask." },
    { name: "EDC", description: "ClinCapture EDC extraction and subject creation." },
    { name: "Flask", description: "FlaskData customers, studies, sites, users, subjects, device logs and the audit chain." },
    { name: "Flask Forms", description: "FlaskData Forms: CRF data of subjects' events, and its CSV export." },
    { name: "Data server", description: "FlaskData data-server paths: Forms data extracts and event/CRF creation." },
    {
      name: "CommCare",
      description: [
        "CommCare HQ compatible API (tastypie semantics).",
        "Every URL also answers OPTIONS with `Allow` and CORS headers; those are not listed.",
      ].join(" "),
    },
    { name: "Downloads", description: "Signed, expiring download links." },
    { name: "Platform", description: "Health and documentation." },
  ],
};

/** `/openapi.json` (OpenAPI 3.1) and Swagger UI at `/swagger`, both generated from the routes. */
export function serveOpenApi(app: OpenAPIHono<AppEnv>) {
  app.doc31("/openapi.json", OPENAPI_DOCUMENT);
  app.get("/swagger", swaggerUi("/openapi.json"));
}

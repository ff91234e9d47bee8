import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, problemResponses, TOKEN_SECURITY } from "../lib/openapi-schemas";
import { loginBodyAsJson } from "./login-body";

export const AuthorizeBody = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()).openapi({ example: "api@demo.test" }),
    password: z.string().min(1).max(1024).openapi({ example: "demo-password" }),
  })
  .openapi("AuthorizeRequest");

export const TokenResponse = z
  .object({
    token: z.string().openapi({ description: "HS384 JWT; send it as `Authorization`." }),
    expired: z.string().openapi({ description: "Expiry, ISO-8601 UTC with milliseconds.", example: "2026-11-23T03:00:00.000Z" }),
  })
  .openapi("TokenResponse");

export const authorize = createRoute({
  method: "post",
  path: "/auth/authorize",
  operationId: "authAuthorize",
  security: [],
  tags: ["Auth"],
  summary: "Log in with email and password; returns a token and its expiry.",
  description:
    "Every attempt is recorded in `audit_user_login`. Five failures for one email within 15 minutes lock it for 15 minutes (429 with `Retry-After`).",
  middleware: [loginBodyAsJson] as const,
  request: {
    body: jsonBody(AuthorizeBody, "JSON. A form (`email=…&password=…`), or JSON sent with the form media type as `curl -d` does, is read as the same JSON.", {
      email: "api@demo.test",
      password: "demo-password",
    }),
  },
  responses: {
    200: { description: "Logged in.", content: { "application/json": { schema: TokenResponse } } },
    ...problemResponses(400, 401, 413, 429),
  },
});

export const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  operationId: "authLogout",
  tags: ["Auth"],
  summary: "Revoke the session of the token sent; it gets 401 from then on.",
  description: "Only this token's session ends; other sessions of the same user stay valid. The logout is audited.",
  security: TOKEN_SECURITY,
  responses: {
    200: {
      description: "Session revoked.",
      content: { "application/json": { schema: z.object({ status: z.literal("logged_out") }) } },
    },
    ...problemResponses(401),
  },
});

export const SelfResponse = z
  .object({
    id: z.number().int(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    customer_id: z.number().int(),
    company_name: z.string().nullable(),
    role_id: z.number().int(),
    edc_role_id: z.number().int().nullable(),
    edc_username: z.string().nullable(),
    study_subject_label: z.string().nullable(),
    phone: z.string().nullable(),
    expired: z.string(),
  })
  .openapi("Self");

export const self = createRoute({
  method: "get",
  path: "/auth/self",
  operationId: "authSelf",
  tags: ["Auth"],
  summary: "The profile of the token's user.",
  description:
    "The user's customer, Flask role and EDC role, and `expired`, the token's expiry. " +
    "Subject-role users also get their `study_subject_label`.",
  security: TOKEN_SECURITY,
  responses: {
    200: { description: "The caller.", content: { "application/json": { schema: SelfResponse } } },
    ...problemResponses(401),
  },
});

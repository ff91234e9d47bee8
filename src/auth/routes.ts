import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody, ProblemSchema, problemResponses, TOKEN_SECURITY } from "../lib/openapi-schemas";
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
    body: jsonBody(
      AuthorizeBody,
      "JSON. A form (`email=…&password=…`), or JSON sent with the form media type as `curl -d` does, is read as the same JSON.",
      {
        email: "api@demo.test",
        password: "demo-password",
      },
    ),
  },
  responses: {
    200: { description: "Logged in.", content: { "application/json": { schema: TokenResponse } } },
    ...problemResponses(400, 401, 413, 429),
  },
});

/** A problem+json response with a worked example, for the routes whose refusals a client must tell apart. */
const problemExample = (description: string, status: number, error: string, detail: string) => ({
  description,
  content: {
    "application/problem+json": {
      schema: ProblemSchema,
      example: { type: `urn:trialedge:problem:${error}`, title: TITLES[status], status, detail, error, request_id: "0f3c9a2e6b1d4c7a" },
    },
  },
});
const TITLES: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests" };

export const mobileFormAuthorization = createRoute({
  method: "post",
  path: "/auth/mobile-form-authorization",
  operationId: "authMobileFormAuthorization",
  tags: ["Auth"],
  security: [],
  summary: "ePRO login of a study subject; returns a token and its expiry.",
  description: [
    "The subject (patient) login of ePRO apps ([§1.4](docs/flaskdata.md); FlaskData serves it on its IDP host).",
    "Open only to subject accounts (Flask role 5 linked to a study subject); any other account gets 403 `subject_login_only`",
    "once its password is right, and logs in at `POST /auth/authorize`. The token is an ordinary session token",
    "(same lifetime, logout and revocation) whose every request is held to the subject scope: the subject's own CRF",
    "data through the Flask Forms and data-server routes, nobody else's; `/edc` refuses it.",
    "The lockout is the one of every password login, counted per email across `/auth/authorize`, this route and",
    "CommCare Basic: five failures within 15 minutes lock the email for 15 minutes (429 with `Retry-After`),",
    "the right password included. Every attempt is a row of `audit_user_login` (channel `auth/mobile-form-authorization`).",
    "An `Authorization` header, which some ePRO clients send, is ignored.",
  ].join(" "),
  middleware: [loginBodyAsJson] as const,
  request: {
    body: {
      ...jsonBody(AuthorizeBody, "JSON, or a form (`email=…&password=…`), as for `POST /auth/authorize`."),
      content: { "application/json": { schema: AuthorizeBody, example: { email: "subject@demo.test", password: "demo-password" } } },
    },
  },
  responses: {
    200: {
      description: "Logged in as the subject.",
      content: {
        "application/json": {
          schema: TokenResponse,
          example: { token: "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI…", expired: "2026-11-23T03:00:00.000Z" },
        },
      },
    },
    400: problemExample(
      "Invalid body: every bad field is listed in `errors`.",
      400,
      "validation_failed",
      "The request has 1 invalid field(s).",
    ),
    401: problemExample("Wrong email or password, or a disabled account.", 401, "unauthorized", "The email or password is not correct."),
    403: problemExample(
      "The password is right but the account is not a subject account.",
      403,
      "subject_login_only",
      "This login is for study subjects (ePRO). Other accounts log in at POST /auth/authorize.",
    ),
    ...problemResponses(413),
    429: problemExample(
      "The email is locked after five failed logins within 15 minutes; see `Retry-After`.",
      429,
      "login_locked",
      "Too many failed logins for this email. Try again in 873 s.",
    ),
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

/** The authenticated user of an /auth, /edc or /flask request, as cached per session in KV. */
export interface Caller {
  userId: number;
  customerId: number;
  email: string;
  /** Flask role: 2 customer admin / API, 3 study, 4 site, 5 subject (flaskdata-api.md §3.2). */
  roleId: number;
  edcRoleId: number | null;
  edcUsername: string | null;
  /** SHA-256 (hex) of the session id: the D1 key and, prefixed, the KV key. */
  sessionHash: string;
  /** Epoch ms. */
  expiresAt: number;
  /** The customer's own request budget (features.rate_limit_per_minute), if it has one. */
  rateLimitPerMinute: number | null;
}

export const ROLE = { CUSTOMER_ADMIN: 2, STUDY: 3, SITE: 4, SUBJECT: 5 } as const;

export { customerTenant } from "../lib/tenant";

declare module "hono" {
  interface ContextVariableMap {
    /** Set by the token middleware on /edc and /flask routes. */
    caller: Caller | undefined;
  }
}

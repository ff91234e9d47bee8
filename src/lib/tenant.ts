/** The tenant a request acts for, once authenticated; used by logs, audit and rate limits. */
export interface Tenant {
  kind: "customer" | "domain";
  id: string;
}

/** A customer's key in the audit chains and rate-limit budgets. */
export const customerTenant = (customerId: number) => `customer:${customerId}`;

declare module "hono" {
  interface ContextVariableMap {
    /** Set by the authentication of /auth, /edc, /flask (a customer) and CommCare (a domain) requests. */
    tenant: Tenant | undefined;
  }
}

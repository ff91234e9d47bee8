import type { AuditContext } from "../lib/audit";

/** Who writes the demo seed into the audit trail, for a tenant. */
const seedContext = (tenant: string, customerId: number | null): AuditContext => ({
  tenant,
  customerId,
  actor: "system:seed",
  requestId: null,
  reason: "demo seed",
});

/** The seed's audit context for a customer's rows (/auth, /edc, /flask). */
export const customerSeedContext = (customerId: number) => seedContext(`customer:${customerId}`, customerId);

/** The seed's audit context for a CommCare domain's rows. */
export const domainSeedContext = (domain: string) => seedContext(`domain:${domain}`, null);

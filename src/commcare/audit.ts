import type { Context } from "hono";
import type { AppEnv } from "../env";
import { auditContext } from "../lib/audit";

/** Audit context of a CommCare write: tenant `domain:<name>`, no customer, actor `ccuser:<id>`. */
export const ccAuditContext = (c: Context<AppEnv>, domain: string, userId: number | string) =>
  auditContext(c, { tenant: `domain:${domain}`, customerId: null, actor: `ccuser:${userId}` });

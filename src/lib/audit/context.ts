import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { customerTenant } from "../tenant";
import type { AuditContext } from "./append";

const MAX_REASON = 1000;

/** The audit context of a request: its id and the optional `X-Reason` header (trimmed, bounded). */
export function auditContext(
  c: Context<AppEnv>,
  who: { tenant: string; customerId: number | null; actor: string },
): AuditContext {
  const reason = c.req.header("x-reason")?.trim().slice(0, MAX_REASON) || null;
  return { ...who, requestId: c.get("requestId") ?? null, reason };
}

/** Who wrote, as far as the audit trail needs it (an authenticated /auth, /edc or /flask caller fits). */
export interface AuditCaller {
  userId: number;
  customerId: number;
}

/** The audit context of a write made by an authenticated /auth, /edc or /flask caller, in its customer's chain. */
export const callerAuditContext = (c: Context<AppEnv>, caller: AuditCaller): AuditContext =>
  auditContext(c, { tenant: customerTenant(caller.customerId), customerId: caller.customerId, actor: `user:${caller.userId}` });

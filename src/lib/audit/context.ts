import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { customerTenant } from "../tenant";
import { createLogger, errorFields } from "../logger";
import type { AuditContext } from "./append";
import { sealThroughSealer } from "./seal";

const MAX_REASON = 1000;

/**
 * The audit context of a request: its id and the optional `X-Reason` header (trimmed, bounded). Its
 * write waits for the request's write gate (the rate limiter's verdict, set by the auth middleware)
 * before storing anything, and wakes the tenant's sealer once stored, without the answer waiting for it.
 */
export function auditContext(c: Context<AppEnv>, who: { tenant: string; customerId: number | null; actor: string }): AuditContext {
  const reason = c.req.header("x-reason")?.trim().slice(0, MAX_REASON) || null;
  return {
    ...who,
    requestId: c.get("requestId") ?? null,
    reason,
    afterWrite: () => wakeSealer(c, who.tenant),
  };
}

function wakeSealer(c: Context<AppEnv>, tenant: string) {
  const logger = c.get("logger") ?? createLogger({ tenant });
  const wake = sealThroughSealer(c.env, tenant).catch((err) => logger.error("audit_seal_failed", { tenant, ...errorFields(err) }));
  try {
    c.executionCtx.waitUntil(wake);
  } catch {
    // No execution context (a direct app.request): the wake-up runs unawaited; the cron seals what it misses.
  }
}

/** Who wrote, as far as the audit trail needs it (an authenticated /auth, /edc or /flask caller fits). */
export interface AuditCaller {
  userId: number;
  customerId: number;
}

/** The audit context of a write made by an authenticated /auth, /edc or /flask caller, in its customer's chain. */
export const callerAuditContext = (c: Context<AppEnv>, caller: AuditCaller): AuditContext =>
  auditContext(c, { tenant: customerTenant(caller.customerId), customerId: caller.customerId, actor: `user:${caller.userId}` });

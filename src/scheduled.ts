import { d1 } from "./db/d1";
import type { Env } from "./env";
import { previousMonth } from "./flask/billing/month";
import { runBillingJob } from "./flask/billing/job";
import { sealThroughSealer, tenantsWithUnsealedRows } from "./lib/audit";
import { createLogger, errorFields } from "./lib/logger";

/** Cron expressions of wrangler.toml [triggers] and what each runs. */
export const BILLING_CRON = "0 2 1 * *";
export const SEAL_CRON = "* * * * *";

/**
 * The Worker's cron dispatcher. `0 2 1 * *` (1st of the month, 02:00 UTC): the previous month's
 * billing reports of every customer with the feature on. `* * * * *`: audit rows left unsealed (a
 * sealer wake-up lost with its request, writes made without one) are sealed by their tenant's sealer,
 * which bounds the audit trail's tamper-evidence window at about a minute when a wake-up fails.
 */
export async function runScheduled(controller: Pick<ScheduledController, "cron" | "scheduledTime">, env: Env): Promise<void> {
  const logger = createLogger({ cron: controller.cron });
  if (controller.cron === BILLING_CRON) {
    const month = previousMonth(new Date(controller.scheduledTime));
    try {
      const report = await runBillingJob(env, month);
      logger.info("billing_reports_written", { month, customers: report.customers.length });
    } catch (err) {
      // Rethrown so the Cron Trigger run is marked failed; a re-run replaces whatever was written.
      logger.error("billing_reports_failed", { month, ...errorFields(err) });
      throw err;
    }
    return;
  }
  if (controller.cron === SEAL_CRON) {
    await sealLeftovers(env, logger);
    return;
  }
  logger.error("unknown_cron", { cron: controller.cron });
}

async function sealLeftovers(env: Env, logger: ReturnType<typeof createLogger>) {
  const tenants = await tenantsWithUnsealedRows(d1(env.DB));
  const results = await Promise.allSettled(tenants.map((t) => sealThroughSealer(env, t)));
  let sealed = 0;
  results.forEach((r, i) => {
    if (r.status === "fulfilled") sealed += r.value;
    else logger.error("audit_seal_failed", { tenant: tenants[i], ...errorFields(r.reason) });
  });
  if (tenants.length) logger.info("audit_rows_sealed", { tenants: tenants.length, sealed });
  if (results.some((r) => r.status === "rejected")) throw new Error("some tenants' audit rows could not be sealed");
}

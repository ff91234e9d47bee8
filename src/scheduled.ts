import type { Env } from "./env";
import { previousMonth } from "./flask/billing/month";
import { runBillingJob } from "./flask/billing/job";
import { createLogger, errorFields } from "./lib/logger";

/** Cron expressions of wrangler.toml [triggers] and what each runs. */
export const BILLING_CRON = "0 2 1 * *";

/**
 * The Worker's cron dispatcher. `0 2 1 * *` (1st of the month, 02:00 UTC): the previous month's
 * billing reports of every customer with the feature on.
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
  logger.error("unknown_cron", { cron: controller.cron });
}

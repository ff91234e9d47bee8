import { DurableObject } from "cloudflare:workers";
import { d1 } from "../../db/d1";
import type { Env } from "../../env";
import { sealAuditChain } from "./seal";

const RETRY_MS = 5_000;

/**
 * One instance per tenant (`idFromName(tenant)`): the single sealer of the tenant's audit chain. Each
 * write wakes it after its batch (from `waitUntil`, so no request waits for it). Wake-ups that arrive
 * while it seals are folded into one more round, so it seals in batches however many writers there
 * are. If D1 fails, an alarm retries; the cron (src/scheduled.ts) seals whatever is left after that.
 */
export class AuditSealer extends DurableObject<Env> {
  private running: Promise<number> | null = null;
  private again = false;

  /** Seals the tenant's unsealed rows; resolves once those stored before the call are sealed. */
  seal(tenant: string): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.drain(tenant).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async drain(tenant: string): Promise<number> {
    let total = 0;
    try {
      do {
        this.again = false;
        total += await sealAuditChain(d1(this.env.DB), tenant);
      } while (this.again);
      return total;
    } catch (err) {
      await this.ctx.storage.put("tenant", tenant);
      await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
      throw err;
    }
  }

  override async alarm() {
    const tenant = await this.ctx.storage.get<string>("tenant");
    if (tenant !== undefined) await this.seal(tenant);
  }
}

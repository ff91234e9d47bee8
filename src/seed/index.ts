import { d1 } from "../db/d1";
import type { Env } from "../env";
import { seedFoundation } from "./foundation";
import { seedFlask } from "./flask";
import { seedCommCare } from "./commcare";
import { sealAuditChain, tenantsWithUnsealedRows } from "../lib/audit";

export interface SeedReport {
  foundation: boolean;
  flask?: boolean;
  commcare?: boolean;
}

/**
 * Loads the demo (README, tests, anyone trying the API). Idempotent: each part checks whether it is
 * already there, so running it twice changes nothing.
 */
export async function seedDemo(env: Pick<Env, "DB"> & Partial<Env>, opts: { iterations?: number } = {}): Promise<SeedReport> {
  const db = d1(env.DB);
  const foundation = await seedFoundation(db, opts.iterations);
  const report: SeedReport = { foundation };
  report.flask = await seedFlask(db);
  report.commcare = await seedCommCare(db, opts.iterations);
  // The demo's audit rows are chained here, not by the sealers: the seed runs outside any request.
  for (const tenant of await tenantsWithUnsealedRows(db)) await sealAuditChain(db, tenant);
  return report;
}

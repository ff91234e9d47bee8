import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM module shared with scripts/dev.mjs
import { createServerDatabase, startPglite } from "../scripts/lib/edc-server.mjs";
// @ts-expect-error plain ESM module
import { startFaultProxy } from "../scripts/lib/fault-proxy.mjs";

/**
 * One EDC PostgreSQL for the whole run: PGlite by default, or a fresh database on the server named
 * by EDC_DATABASE_URL (created here, dropped afterwards). Workers reach it through the EDC
 * Hyperdrive binding (vitest.config.mts).
 */
export default async function setup(project: TestProject) {
  const base = process.env.EDC_DATABASE_URL;
  const edc = base ? await createServerDatabase(base) : await startPglite();
  console.log(`[global-setup] EDC PostgreSQL: ${edc.kind}`);
  project.provide("edcUrl", edc.url);
  project.provide("edcPoolMax", String(edc.poolMax));
  // The same database behind a proxy the fault-injection tests can cut (binding EDC_FAULT).
  const fault = await startFaultProxy(edc.url);
  project.provide("edcFaultUrl", fault.url);
  project.provide("faultControlUrl", fault.controlUrl);
  return async () => {
    await fault.stop();
    await edc.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    edcUrl: string;
    edcPoolMax: string;
    edcFaultUrl: string;
    faultControlUrl: string;
  }
}

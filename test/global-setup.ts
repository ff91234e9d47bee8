import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM module shared with scripts/dev.mjs
import { createServerDatabase, startPglite } from "../scripts/lib/edc-server.mjs";

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
  return async () => edc.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    edcUrl: string;
    edcPoolMax: string;
  }
}

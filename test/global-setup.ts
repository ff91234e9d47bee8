import path from "node:path";
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM module shared with scripts/dev.mjs
import { createServerDatabase, guardAgainstSocketWriteErrors, startPglite } from "../scripts/lib/edc-server.mjs";
// @ts-expect-error plain ESM module (test-only fault injection)
import { startEdcFaults } from "./faults/edc-fault-server.mjs";
// @ts-expect-error plain ESM module (reads the mail miniflare's send_email stores)
import { startMailOutbox } from "./mail/outbox-server.mjs";
import { buildSeedSnapshot, type SnapshotStatement } from "./setup/seed-snapshot";

/** Cheap password hashing for the suite; the Worker reads PBKDF2_ITERATIONS, the seed hashes with it. */
const PBKDF2_ITERATIONS = 1000;

/**
 * One EDC PostgreSQL for the whole run: PGlite by default, or a fresh database on the server named
 * by EDC_DATABASE_URL (created here, dropped afterwards). Workers reach it through the EDC
 * Hyperdrive binding (vitest.config.mts). The fault-injection tests (test/faults/edc-*) get an
 * unreachable EDC origin and a control port that cuts EDC connections mid-query.
 */
export default async function setup(project: TestProject) {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "../migrations/d1"));
  const seeding = buildSeedSnapshot(migrations, PBKDF2_ITERATIONS);
  const base = process.env.EDC_DATABASE_URL;
  const edc = base ? await createServerDatabase(base, { cuttable: true }) : await startPglite({ cuttable: true });
  // miniflare's Hyperdrive proxy runs in this process and leaves socket resets unhandled (edc-server.mjs).
  guardAgainstSocketWriteErrors();
  console.log(`[global-setup] EDC PostgreSQL: ${edc.kind}`);
  project.provide("edcUrl", edc.url);
  project.provide("edcPoolMax", String(edc.poolMax));
  const faults = await startEdcFaults(edc);
  project.provide("edcRefusingUrl", faults.refusingUrl);
  project.provide("edcFaultControlUrl", faults.controlUrl);
  const outbox = await startMailOutbox();
  project.provide("mailOutboxUrl", outbox.url);
  project.provide("pbkdf2Iterations", String(PBKDF2_ITERATIONS));
  project.provide("seedSnapshot", await seeding);
  return async () => {
    await bounded("fault servers", faults.stop());
    await bounded("mail outbox", outbox.stop());
    await bounded("EDC PostgreSQL", edc.stop());
  };
}

/** Teardown never hangs the run: a stop that takes more than 10 s is reported and left behind. */
async function bounded(what: string, stop: Promise<unknown>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn(`[global-setup] stopping the ${what} took more than 10 s; leaving it`);
      resolve();
    }, 10_000);
  });
  await Promise.race([stop, late]);
  clearTimeout(timer);
}

declare module "vitest" {
  export interface ProvidedContext {
    edcUrl: string;
    edcPoolMax: string;
    edcRefusingUrl: string;
    edcFaultControlUrl: string;
    mailOutboxUrl: string;
    pbkdf2Iterations: string;
    seedSnapshot: SnapshotStatement[];
  }
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The EDC PostgreSQL URL comes from test/global-setup.ts (PGlite, or a fresh database on the
// server named by EDC_DATABASE_URL) through vitest's provide/inject.
const wranglerToml = readFileSync(path.join(import.meta.dirname, "wrangler.toml"), "utf8");
const edcRegistry = JSON.parse(/^EDC_REGISTRY = '(.*)'$/m.exec(wranglerToml)![1]!);

export default defineConfig(() => {
  return {
    plugins: [
      cloudflareTest(({ inject }) => {
        // wrangler insists on a local connection string for each Hyperdrive binding while it reads
        // wrangler.toml; the miniflare option below is what the Worker actually gets.
        process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_EDC = inject("edcUrl");
        return {
          wrangler: { configPath: "./wrangler.toml" },
          miniflare: {
            bindings: {
              TEST_SEED_SNAPSHOT: inject("seedSnapshot"),
              TOKEN_SECRET: "test-token-secret-0123456789abcdef0123456789abcdef",
              DOWNLOAD_SECRET: "test-download-secret-0123456789abcdef0123456789",
              PBKDF2_ITERATIONS: inject("pbkdf2Iterations"),
              EDC_POOL_MAX: inject("edcPoolMax"),
              // cc_subj_*: copies of the demo EDC that the create-subject tests write to, one per test file
              // (test/edc/create-subject.*), so that cc_demo stays byte-for-byte unchanged for the read-only suites.
              EDC_REGISTRY: JSON.stringify({
                ...edcRegistry,
                cc_subj_happy: { binding: "EDC", schema: "cc_subj_happy" },
                cc_subj_error: { binding: "EDC", schema: "cc_subj_error" },
                // The copy test/security/fuzz.test.ts sends every /edc request to (create-subject writes).
                cc_fuzz: { binding: "EDC", schema: "cc_fuzz" },
                // Test-only EDC schemas that their own test files create (test/helpers/edc-edge-schema.ts, loadDemoCopy):
                // cc_fault (a large table to cut mid-stream), cc_ro (STABLE functions that write),
                // cc_names (catalog names the API cannot quote), cc_dates (end-of-day timestamps),
                // cc_rules (a demo copy whose event definition CRFs get removed).
                cc_fault: { binding: "EDC", schema: "cc_fault" },
                cc_ro: { binding: "EDC", schema: "cc_ro" },
                cc_names: { binding: "EDC", schema: "cc_names" },
                cc_dates: { binding: "EDC", schema: "cc_dates" },
                cc_rules: { binding: "EDC", schema: "cc_rules" },
                // cc_json: every column type extract-data serializes in PostgreSQL, with edge values (test/edc/json-rows.*).
                cc_json: { binding: "EDC", schema: "cc_json" },
                // Export jobs (test/edc/exports.*): tables large enough for several 5 MiB parts.
                cc_export: { binding: "EDC", schema: "cc_export" },
                cc_export_fault: { binding: "EDC", schema: "cc_export_fault" },
                // An EDC whose origin refuses every connection (test/faults/edc-fault-server.mjs).
                cc_unreachable: { binding: "EDC_REFUSING", schema: "cc_demo" },
              }),
              EDC_FAULT_CONTROL_URL: inject("edcFaultControlUrl"),
              // Reads the .eml files the local send_email binding stores (test/mail/outbox-server.mjs).
              MAIL_OUTBOX_URL: inject("mailOutboxUrl"),
              // Overrides the fuzz test's fixed seed (test/security/fuzz.test.ts); FUZZ_OP narrows it to one operation.
              FUZZ_SEED: process.env.FUZZ_SEED ?? "",
              FUZZ_OP: process.env.FUZZ_OP ?? "",
            },
            hyperdrives: { EDC: inject("edcUrl"), EDC_REFUSING: inject("edcRefusingUrl") },
          },
        };
      }),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/setup/restore-seed.ts"],
      include: ["test/**/*.test.ts"],
      testTimeout: 30_000,
      // The Worker's one-line JSON access logs are for production; keep test output readable.
      onConsoleLog: (log: string) => !log.startsWith('{"level":"info"'),
      hookTimeout: 120_000,
    },
  };
});

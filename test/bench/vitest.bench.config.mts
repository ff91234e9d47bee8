// Zip throughput inside workerd (npm run bench only; not part of `npm test`, whose include is test/**/*.test.ts).
//   npx vitest run --config test/bench/vitest.bench.config.mts
import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const root = path.join(import.meta.dirname, "../..");
// wrangler wants a local connection string for the Hyperdrive binding while it reads wrangler.toml;
// nothing here touches the EDC.
const unusedPg = "postgres://unused:unused@127.0.0.1:9/unused";
process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_EDC ??= unusedPg;

export default defineConfig({
  root,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(root, "wrangler.toml") },
      miniflare: {
        bindings: {
          TOKEN_SECRET: "bench-token-secret-0123456789abcdef0123456789",
          DOWNLOAD_SECRET: "bench-download-secret-0123456789abcdef",
        },
        hyperdrives: { EDC: unusedPg },
      },
    }),
  ],
  test: {
    include: ["test/bench/**/*.bench-run.ts"],
    testTimeout: 600_000,
  },
});

// Loads the demo seed into the local D1/KV/R2 state that `wrangler dev` uses (.wrangler/state),
// through wrangler's platform proxy: the same seedDemo() the test suite runs inside workerd.
import { getPlatformProxy } from "wrangler";
import type { Env } from "../src/env";
import { seedDemo } from "../src/seed";

// The seed never touches the EDC, but wrangler wants a connection string for every Hyperdrive binding.
process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_EDC ??= "postgres://unused:unused@127.0.0.1:9/unused";
const proxy = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: true, remoteBindings: false });
try {
  const report = await seedDemo(proxy.env);
  console.log(`[seed] ${JSON.stringify(report)}`);
} finally {
  await proxy.dispose();
}

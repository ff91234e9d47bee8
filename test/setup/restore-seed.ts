import { env } from "cloudflare:workers";

// Storage is isolated per test file: every file starts from the migrated schema and the demo seed,
// replayed in one batch from the snapshot test/global-setup.ts built (test/setup/seed-snapshot.ts).
await env.DB.batch(env.TEST_SEED_SNAPSHOT.map((s) => env.DB.prepare(s.sql).bind(...s.params)));

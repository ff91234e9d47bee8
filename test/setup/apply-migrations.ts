import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { seedDemo } from "../../src/seed";

// Storage is isolated per test file: every file starts from the migrated schema and the demo seed.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await seedDemo(env, { iterations: Number(env.PBKDF2_ITERATIONS) });

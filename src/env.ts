/**
 * The Worker's bindings. Bindings and vars come from wrangler.toml and the secrets' names from .dev.vars.example,
 * through `npm run cf-typegen` (worker-configuration.d.ts, `Cloudflare.Env`; CI checks it is current). Here only
 * the knobs neither file names: the local stack and the tests set them, production keeps the defaults.
 * Request variables (`c.get(...)`) are declared by the module that sets them, through hono's ContextVariableMap.
 */
export interface Env extends Cloudflare.Env {
  /** Connections per request to an EDC database (default 5; 1 for the embedded PGlite). */
  EDC_POOL_MAX?: string;
  /** Seconds without progress after which reading a job wakes its Workflow (src/edc/exports/resume.ts); default 30. */
  EXPORT_STALL_SECONDS?: string;
  /** Lower PBKDF2 cost for the test suite only; production keeps the default. */
  PBKDF2_ITERATIONS?: string;
}

export type AppEnv = { Bindings: Env };

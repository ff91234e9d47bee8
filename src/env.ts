import type { Caller } from "./auth/caller";
import type { Logger } from "./lib/logger";

/** Bindings declared in wrangler.toml, plus secrets from `.dev.vars` / `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  FILES: R2Bucket;
  SESSIONS: KVNamespace;
  /** Default EDC Hyperdrive binding; more may be named in EDC_REGISTRY. */
  EDC: Hyperdrive;
  /** JSON: { "<dbname>": { "binding": "<Hyperdrive binding>", "schema": "<pg schema>" } } */
  EDC_REGISTRY: string;
  /** Connections per request to an EDC database (default 5; 1 for the embedded PGlite). */
  EDC_POOL_MAX?: string;
  TOKEN_SECRET: string;
  DOWNLOAD_SECRET: string;
  SESSION_TTL_SECONDS?: string;
  SESSION_CACHE_TTL?: string;
  DOWNLOAD_TTL_SECONDS?: string;
  /** Per-tenant request budgets (src/lib/rate-limit.ts). */
  RATE_LIMITER: DurableObjectNamespace<import("./lib/rate-limit").RateLimiter>;
  RATE_LIMIT_PER_MINUTE?: string;
  /** One sealer per tenant chains its audit rows (src/lib/audit/sealer.ts). */
  AUDIT_SEALER: DurableObjectNamespace<import("./lib/audit/sealer").AuditSealer>;
  /** Requests per CommCare domain per minute (default 600); a domain row may override it. */
  COMMCARE_RATE_LIMIT_PER_MINUTE?: string;
  /** Export jobs (src/edc/exports): one Workflow instance per job; their notifications go out by EMAIL. */
  EXPORTS: Workflow<{ jobId: string }>;
  EMAIL: SendEmail;
  EXPORT_EMAIL_FROM?: string;
  /** Lifetime of the signed link mailed when an export is done (default 3 days). */
  EXPORT_LINK_TTL_SECONDS?: string;
  /** Lower PBKDF2 cost for the test suite only; production keeps the default. */
  PBKDF2_ITERATIONS?: string;
}

/** The tenant a request acts for, once authenticated; used by logs, audit and rate limits. */
export interface Tenant {
  kind: "customer" | "domain";
  id: string;
}

export interface AppVariables {
  requestId: string;
  logger: Logger;
  tenant?: Tenant;
  /** Set by the token middleware on /edc and /flask routes. */
  caller?: Caller;
  /** Set by the EDC header middleware on /edc routes. */
  edc?: import("./edc/context").EdcContext;
  /** The budget this request was counted against; request-context puts it on the response headers. */
  rateLimit?: import("./lib/rate-limit").RateLimitState;
  /** A write's verdict from the rate limiter, asked while the write reads: rejects (429) once the budget is spent. */
  writeGate?: Promise<void>;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };

declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    FILES: R2Bucket;
    SESSIONS: KVNamespace;
    EDC: Hyperdrive;
    EDC_REGISTRY: string;
    TOKEN_SECRET: string;
    DOWNLOAD_SECRET: string;
    PBKDF2_ITERATIONS: string;
    SESSION_CACHE_TTL?: string;
    RATE_LIMIT_PER_MINUTE: string;
    TEST_SEED_SNAPSHOT: import("./setup/seed-snapshot").SnapshotStatement[];
    EXPORTS: Workflow<{ jobId: string }>;
    AUDIT_SEALER: DurableObjectNamespace<import("../src/lib/audit/sealer").AuditSealer>;
    FUZZ_SEED: string;
    FUZZ_OP: string;
  }
}

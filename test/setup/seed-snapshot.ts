import path from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

/** One statement of the snapshot: SQL text and its bound values. */
export interface SnapshotStatement {
  sql: string;
  params: unknown[];
}

interface Migration {
  name: string;
  queries: string[];
}

/**
 * The migrated and seeded demo D1, as statements that rebuild it. Built once per test run in a throwaway
 * workerd (test/setup/seed-worker.ts: the real migrations and the real seedDemo), then replayed in one
 * batch by each test file's setup: storage is isolated per file, and replaying a batch costs a fraction
 * of re-running the seed (password hashing, audit chaining, form parsing) in every file.
 */
export async function buildSeedSnapshot(migrations: Migration[], iterations: number): Promise<SnapshotStatement[]> {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, "seed-worker.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "import"],
    write: false,
    logLevel: "silent",
  });
  const mf = new Miniflare({
    modules: [{ type: "ESModule", path: "seed-worker.mjs", contents: bundle.outputFiles[0]!.text }],
    compatibilityDate: "2026-04-01",
    compatibilityFlags: ["nodejs_compat"],
    d1Databases: ["DB"],
  });
  try {
    const res = await mf.dispatchFetch("http://seed.local/", { method: "POST", body: JSON.stringify({ migrations, iterations }) });
    if (!res.ok) throw new Error(`building the seed snapshot failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as SnapshotStatement[];
  } finally {
    await mf.dispose();
  }
}

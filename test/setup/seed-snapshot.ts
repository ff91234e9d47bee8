import { Miniflare } from "miniflare";
import { seedDemo } from "../../src/seed";

/** One statement of the snapshot: SQL text and its bound values. */
export interface SnapshotStatement {
  sql: string;
  params: unknown[];
}

interface Migration {
  name: string;
  queries: string[];
}

/** D1 binds at most 100 values to one statement. */
const MAX_PARAMS = 100;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The migrated and seeded demo D1, as statements that rebuild it. Built once per test run in Node
 * (a throwaway Miniflare D1 running the real migrations and the real seedDemo), then replayed in
 * one batch by each test file's setup: storage is isolated per file, and replaying a batch costs
 * a fraction of re-running the seed (password hashing, audit chaining, form parsing) every time.
 */
export async function buildSeedSnapshot(migrations: Migration[], iterations: number): Promise<SnapshotStatement[]> {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 404 }); } }",
    compatibilityDate: "2026-04-01",
    d1Databases: ["DB"],
  });
  try {
    const db = await mf.getD1Database("DB");
    // As applyD1Migrations records them, so that wrangler's own bookkeeping table is part of the snapshot.
    await db.exec(
      "CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
    );
    for (const m of migrations) {
      await db.batch([...m.queries.map((q) => db.prepare(q)), db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(m.name)]);
    }
    await seedDemo({ DB: db as unknown as D1Database }, { iterations });
    return await dump(db as unknown as D1Database);
  } finally {
    await mf.dispose();
  }
}

async function dump(db: D1Database): Promise<SnapshotStatement[]> {
  const objects = (
    await db
      .prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid",
      )
      .all<{ type: string; name: string; sql: string }>()
  ).results;
  const ddl = (types: string[]) => objects.filter((o) => types.includes(o.type)).map((o) => ({ sql: o.sql, params: [] }));
  const data: SnapshotStatement[] = [];
  for (const table of objects.filter((o) => o.type === "table")) {
    const { results } = await db.prepare(`SELECT * FROM ${quote(table.name)} ORDER BY rowid`).all<Record<string, unknown>>();
    if (results.length === 0) continue;
    const columns = Object.keys(results[0]!);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    const row = `(${columns.map(() => "?").join(", ")})`;
    for (let i = 0; i < results.length; i += perStatement) {
      const chunk = results.slice(i, i + perStatement);
      data.push({
        sql: `INSERT INTO ${quote(table.name)} (${columns.map(quote).join(", ")}) VALUES ${chunk.map(() => row).join(", ")}`,
        params: chunk.flatMap((r) => columns.map((c) => r[c] ?? null)),
      });
    }
  }
  // Tables and views first, rows next, then indexes, and triggers last so that none fires on the
  // replayed rows (audit_trail's append-only triggers would refuse nothing, but others might write).
  return [...ddl(["table", "view"]), ...data, ...ddl(["index"]), ...ddl(["trigger"])];
}

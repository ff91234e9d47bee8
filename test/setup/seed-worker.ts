// Runs inside a throwaway workerd (test/setup/seed-snapshot.ts): applies the migrations it is sent to
// its D1, runs the real demo seed, and answers the database as statements that rebuild it.
import { seedDemo } from "../../src/seed";

interface Migration {
  name: string;
  queries: string[];
}

interface Input {
  migrations: Migration[];
  iterations: number;
}

/** D1 binds at most 100 values to one statement. */
const MAX_PARAMS = 100;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function migrate(db: D1Database, migrations: Migration[]) {
  // As applyD1Migrations records them, so that wrangler's own bookkeeping table is part of the snapshot.
  await db.exec(
    "CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
  );
  for (const m of migrations) {
    await db.batch([...m.queries.map((q) => db.prepare(q)), db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(m.name)]);
  }
}

async function dump(db: D1Database) {
  const objects = (
    await db
      .prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid",
      )
      .all<{ type: string; name: string; sql: string }>()
  ).results;
  const ddl = (types: string[]) => objects.filter((o) => types.includes(o.type)).map((o) => ({ sql: o.sql, params: [] }));
  const data: { sql: string; params: unknown[] }[] = [];
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
  // Tables and views first, rows next, then indexes, and triggers last so that none fires on the replayed rows.
  return [...ddl(["table", "view"]), ...data, ...ddl(["index"]), ...ddl(["trigger"])];
}

export default {
  async fetch(request: Request, env: { DB: D1Database }) {
    const input = (await request.json()) as Input;
    await migrate(env.DB, input.migrations);
    await seedDemo(env, { iterations: input.iterations });
    return Response.json(await dump(env.DB));
  },
};

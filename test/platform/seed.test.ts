import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/seed";

const TABLES_SQL =
  "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name <> 'd1_migrations' order by name";

/** Every row of every table, as text: equal snapshots mean nothing was added, changed or removed. */
async function snapshot() {
  const tables = (await env.DB.prepare(TABLES_SQL).all<{ name: string }>()).results.map((r) => r.name);
  const rows: Record<string, string[]> = {};
  for (const t of tables) {
    const all = await env.DB.prepare(`select * from "${t}" order by rowid`).all();
    rows[t] = all.results.map((r) => JSON.stringify(r));
  }
  return rows;
}

describe("demo seed", () => {
  it("is idempotent: running it again changes no row of any table", async () => {
    const before = await snapshot();
    expect(before.customers).toHaveLength(2);
    const report = await seedDemo(env, { iterations: 1000 });
    expect(Object.values(report).every((v) => v === false)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

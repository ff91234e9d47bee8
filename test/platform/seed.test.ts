import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/seed";

const TABLES_SQL = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name <> 'd1_migrations' order by name";

async function snapshot() {
  const tables = (await env.DB.prepare(TABLES_SQL).all<{ name: string }>()).results.map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = (await env.DB.prepare(`select count(*) n from "${t}"`).first<{ n: number }>())!.n;
  return counts;
}

describe("demo seed", () => {
  it("is idempotent: running it again changes no table", async () => {
    const before = await snapshot();
    expect(before.customers).toBe(2);
    const report = await seedDemo(env, { iterations: 1000 });
    expect(Object.values(report).every((v) => v === false)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

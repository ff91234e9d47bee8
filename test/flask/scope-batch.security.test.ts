import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Caller } from "../../src/auth/caller";
import { d1 } from "../../src/db/d1";
import { ownSubjectIdSql, resolveScope, siteIdsSql, withScope } from "../../src/scope";
import { ADMIN, API, SITE, STUDY, SUBJECT, rows } from "../helpers/flask";

/** The demo user as requireCaller resolves it (the fields the scope policy reads). */
async function callerOf(email: string): Promise<Caller> {
  const [u] = await rows<{ id: number; customer_id: number; role_id: number }>(
    "select id, customer_id, role_id from users where email = ?",
    email,
  );
  return {
    userId: u!.id,
    customerId: u!.customer_id,
    roleId: u!.role_id,
    email,
    edcRoleId: null,
    edcUsername: null,
    sessionHash: "x",
    expiresAt: Date.now() + 60_000,
    rateLimitPerMinute: null,
  };
}

const idsOf = async (fragment: ReturnType<typeof siteIdsSql>) =>
  fragment === null
    ? null
    : (
        await d1(env.DB).all<{ id: number | null }>(
          sql`SELECT value AS id FROM (SELECT NULL AS value WHERE 0 UNION ALL SELECT * FROM ${fragment})`,
        )
      )
        .map((r) => r.id)
        .filter((v) => v !== null)
        .sort();

describe("the scope's SQL form (one-batch reads) says what the resolved scope says", () => {
  it("site ids and own subject of every demo role match resolveScope's", async () => {
    const db = d1(env.DB);
    for (const email of [ADMIN, API, STUDY, SITE, SUBJECT]) {
      const caller = await callerOf(email);
      const { scope } = await resolveScope(db, caller);
      const batched = await withScope(db, caller, []);
      expect(batched.scope).toEqual(scope);
      const expectedSites =
        scope.roleId === 5 ? (scope.sites ?? []).map((s) => s.id).sort() : scope.siteIds === null ? null : [...scope.siteIds].sort();
      if (email === SITE || email === SUBJECT) expect(expectedSites!.length, email).toBeGreaterThan(0);
      expect(await idsOf(siteIdsSql(db, caller)), email).toEqual(expectedSites);
      const own = ownSubjectIdSql(db, caller);
      if (scope.roleId === 5) {
        const [r] = await db.all<{ id: number | null }>(sql`SELECT ${own} AS id`);
        expect(scope.subject, email).not.toBeNull();
        expect(r!.id, email).toBe(scope.subject!.id);
      } else expect(own, email).toBeNull();
    }
  });
});

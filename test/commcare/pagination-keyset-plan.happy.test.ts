import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { d1 } from "../../src/db/d1";
import { ccCases, ccForms } from "../../src/db/schema/commcare";
import { selectCases } from "../../src/commcare/case/queries";
import { keysetAfter, orderClauses } from "../../src/commcare/pagination/page";

/**
 * The cursor pages of the CommCare lists (Q15) seek their index to the cursor: EXPLAIN QUERY PLAN of
 * the SQL the case list sends SEARCHes the domain's index with the cursor's sort value as a range
 * bound, so a page deep in 100k cases costs about what the first one does.
 */
async function plan(q: { sql: string; params: unknown[] }) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
    .bind(...q.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

const db = d1(env.DB);

describe("CommCare keyset cursors use the index", () => {
  it("cases by server_date_modified (the default order): a range SEARCH from the cursor, no sort", async () => {
    const order = [{ field: "server_date_modified", desc: false }];
    const columns = { server_date_modified: ccCases.serverModifiedOn };
    const where = and(eq(ccCases.domainId, 1), keysetAfter(order, columns, ccCases.id, ["2026-10-01T00:00:00.000000Z", "cafe"]));
    const lines = await plan(selectCases(db, where, orderClauses(order, columns, ccCases.id), 101, 0).toSQL());
    expect(lines.join("\n")).toMatch(/SEARCH cc_cases USING INDEX cc_cases_modified \(domain_id=\? AND server_modified_on>\?\)/);
    expect(lines.join("\n")).not.toMatch(/TEMP B-TREE|SCAN cc_cases/);
  });

  it("forms newest first (-received_on): the bound runs the other way", async () => {
    const order = [{ field: "received_on", desc: true }];
    const columns = { received_on: ccForms.receivedOn };
    const where = and(eq(ccForms.domainId, 1), keysetAfter(order, columns, ccForms.id, ["2026-10-01T00:00:00.000000Z", "d000"]));
    const q = db
      .select()
      .from(ccForms)
      .where(where)
      .orderBy(...orderClauses(order, columns, ccForms.id))
      .limit(21)
      .toSQL();
    expect((await plan(q)).join("\n")).toMatch(/SEARCH cc_forms USING INDEX cc_forms_received \(domain_id=\? AND received_on<\?\)/);
  });
});

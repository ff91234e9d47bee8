import { describe, expect, it } from "vitest";
import { planExtract } from "../../src/flask/customer/extract-plan";
import { cursorAfter, extractPageSql, FIRST_PAGE } from "../../src/flask/customer/queries";
import { RELATIONS } from "../../src/flask/customer/relations";
import type { Scope } from "../../src/scope";

const admin: Scope = { customerId: 7, roleId: 2, userId: 1, studyIds: null, siteIds: null, sites: null, subject: null };

describe("F1 query plan", () => {
  it("binds every value and always restricts to the caller's customer", () => {
    const p = planExtract(
      {
        tableName: "device_logs",
        studyIds: [1, 2],
        filters: { device_id: "D'1", log_type: ["a", "b"], subject_label: null },
        fromDate: "2026-01-01",
        toDate: "2026-01-31",
      },
      admin,
    );
    expect(p.select).toBe(
      "SELECT id, customer_id, study_id, device_id, subject_label, log_type, payload, log_date, created_by, date_created FROM device_logs WHERE customer_id = ? AND study_id IN (SELECT value FROM json_each(?)) AND device_id = ? AND log_type IN (SELECT value FROM json_each(?)) AND subject_label IS NULL AND date_created <= ?",
    );
    expect(p.params).toEqual([7, "[1,2]", "D'1", '["a","b"]', "2026-01-31T23:59:59.999Z"]);
    // device_logs has a date index: pages go by (date_created, id), from fromDate (bound by the page query).
    expect(p.keyset).toEqual({ kind: "date", column: "date_created", from: "2026-01-01T00:00:00.000Z" });
    expect(extractPageSql(p, FIRST_PAGE)).toEqual({
      sql: `${p.select} AND date_created >= ? ORDER BY date_created, id LIMIT 500`,
      params: [...p.params, "2026-01-01T00:00:00.000Z"],
    });
    expect(extractPageSql(p, { date: "2026-01-09T00:00:00.000Z", id: 42 })).toEqual({
      sql: `${p.select} AND date_created >= ? AND (date_created, id) > (?, ?) ORDER BY date_created, id LIMIT 500`,
      params: [...p.params, "2026-01-09T00:00:00.000Z", "2026-01-09T00:00:00.000Z", 42],
    });
    expect(cursorAfter(p, { id: 42, date_created: "2026-01-09T00:00:00.000Z" })).toEqual({ date: "2026-01-09T00:00:00.000Z", id: 42 });
  });

  it("pages other relations by id, their dates in the conditions; COALESCE(date_updated, date_created) where both exist", () => {
    const p = planExtract({ tableName: "subjects", fromDate: "2026-01-01", toDate: "2026-01-31" }, admin);
    expect(p.select).toMatch(
      /WHERE customer_id = \? AND COALESCE\(date_updated, date_created\) >= \? AND COALESCE\(date_updated, date_created\) <= \?$/,
    );
    expect(p.keyset).toEqual({ kind: "id" });
    expect(extractPageSql(p, { date: null, id: 9 })).toEqual({
      sql: `${p.select} AND id > ? ORDER BY id LIMIT 500`,
      params: [7, "2026-01-01T00:00:00.000Z", "2026-01-31T23:59:59.999Z", 9],
    });
    const crf = planExtract({ tableName: "forms_crf_data", toDate: "2026-01-31" }, admin);
    expect(crf.keyset).toEqual({ kind: "date", column: "COALESCE(date_updated, date_created)", from: null });
    expect(cursorAfter(crf, { id: 3, date_created: "2026-01-02", date_updated: null })).toEqual({ date: "2026-01-02", id: 3 });
    expect(cursorAfter(crf, { id: 3, date_created: "2026-01-02", date_updated: "2026-01-05" })).toEqual({ date: "2026-01-05", id: 3 });
  });

  it("scopes study and site roles; refuses unscoped relations to them", () => {
    const site: Scope = { ...admin, roleId: 4, studyIds: [101], siteIds: [1001], sites: [{ id: 1001, studyId: 101, code: "DEMO-S01" }] };
    const p = planExtract({ tableName: "subjects" }, site);
    expect(p.select).toContain("study_id IN (SELECT value FROM json_each(?)) AND site_id IN (SELECT value FROM json_each(?))");
    expect(p.params).toEqual([7, "[101]", "[1001]"]);
    expect(() => planExtract({ tableName: "audit_trail" }, site)).toThrow(/not scoped by study/);
  });

  it("never lets a request name an identifier", () => {
    expect(() => planExtract({ tableName: "__proto__" }, admin)).toThrow(/not a Flask table/);
    expect(() => planExtract({ tableName: "constructor" }, admin)).toThrow(/not a Flask table/);
    expect(() => planExtract({ tableName: "studies", filters: { "id) OR (1": 1 } }, admin)).toThrow(/no column/);
    for (const r of Object.values(RELATIONS)) {
      expect(r.columns).toContain("customer_id");
      expect(r.columns).toContain("id");
      expect(r.columns).not.toContain("password_hash");
    }
  });
});

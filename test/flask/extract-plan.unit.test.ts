import { describe, expect, it } from "vitest";
import { planExtract } from "../../src/flask/customer/extract-plan";
import { RELATIONS } from "../../src/flask/customer/relations";
import type { Scope } from "../../src/flask/scope";

const admin: Scope = { customerId: 7, roleId: 2, userId: 1, studyIds: null, siteIds: null, subject: null };

describe("F1 query plan", () => {
  it("binds every value and always restricts to the caller's customer", () => {
    const p = planExtract({ tableName: "device_logs", studyIds: [1, 2], filters: { device_id: "D'1", log_type: ["a", "b"], subject_label: null }, fromDate: "2026-01-01", toDate: "2026-01-31" }, admin);
    expect(p.select).toBe(
      "SELECT id, customer_id, study_id, device_id, subject_label, log_type, payload, log_date, created_by, date_created FROM device_logs WHERE customer_id = ? AND study_id IN (SELECT value FROM json_each(?)) AND device_id = ? AND log_type IN (SELECT value FROM json_each(?)) AND subject_label IS NULL AND date_created >= ? AND date_created <= ?",
    );
    expect(p.params).toEqual([7, "[1,2]", "D'1", '["a","b"]', "2026-01-01T00:00:00.000Z", "2026-01-31T23:59:59.999Z"]);
  });

  it("scopes study and site roles; refuses unscoped relations to them", () => {
    const site: Scope = { ...admin, roleId: 4, studyIds: [101], siteIds: [1001] };
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

import { describe, expect, it } from "vitest";
import { API, flaskPost } from "../helpers/flask";

const EXTRACT = "/flask/customer/extract-data-to-json";

describe("extract-data-to-json (F1): bad input", () => {
  it("refuses unknown tables and tables without customer_id (400, nothing run)", async () => {
    for (const tableName of ["nope", "sessions", "customers", "sqlite_master", "studies; drop table studies", "d1_migrations"]) {
      const r = await flaskPost(API, EXTRACT, { tableName });
      expect(r.status, tableName).toBe(400);
      expect(r.json.error).toBe("table_not_allowed");
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("refuses filter keys that are not columns of the relation", async () => {
    const r = await flaskPost(API, EXTRACT, { tableName: "users", filters: { password_hash: "x" } });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe("unknown_filter");
    expect(r.json.errors[0].path).toBe("/filters/password_hash");
    const inj = await flaskPost(API, EXTRACT, { tableName: "studies", filters: { "1=1 OR id": 1 } });
    expect(inj.status).toBe(400);
  });

  it("rejects non-ISO dates, reversed ranges, studyIds on relations without study_id", async () => {
    for (const body of [
      { tableName: "studies", fromDate: "yesterday" },
      { tableName: "studies", toDate: "2026-13-45" },
      { tableName: "studies", fromDate: "2026-02-01", toDate: "2026-01-01" },
      { tableName: "audit_trail", studyIds: [101] },
      { tableName: "studies", studyIds: ["101"] },
      {},
    ]) {
      const r = await flaskPost(API, EXTRACT, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });
});

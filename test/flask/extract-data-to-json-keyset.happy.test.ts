import { beforeAll, describe, expect, it } from "vitest";
import { planExtract } from "../../src/flask/customer/extract-plan";
import { extractPageSql, FIRST_PAGE, PAGE_ROWS } from "../../src/flask/customer/queries";
import { RELATIONS } from "../../src/flask/customer/relations";
import { API, flaskPost, rows } from "../helpers/flask";
import { search, rowsRead, admin, studyRole, siteRole, at, insertBulkLogs } from "../helpers/flask-keyset";

beforeAll(insertBulkLogs);

describe("extract-data-to-json (F1): every relation pages on an index", () => {
  const tableOf = (name: string) => (name === "billing_reports_customer" ? "billing_reports" : RELATIONS[name]!.from);

  it("by (customer_id, id) for every allowlisted relation, for admins and for study / site roles", async () => {
    for (const name of Object.keys(RELATIONS)) {
      const table = tableOf(name);
      const q = extractPageSql(planExtract({ tableName: name }, admin), { date: null, id: 5 });
      expect(await search(q, table), name).toMatch(
        new RegExp(`^SEARCH ${table} USING INDEX \\w+_customer(_id)? \\(customer_id=\\? AND id>\\?\\)$`),
      );
      if (!RELATIONS[name]!.studyColumn) continue;
      // A role's few assigned studies (or a site role's sites) are looked up by id, one by one, then sorted: a handful of rows.
      const idScoped = name === "studies" ? [studyRole, siteRole] : name === "sites" ? [siteRole] : [];
      for (const scope of [studyRole, siteRole].filter((s) => !idScoped.includes(s))) {
        const scoped = extractPageSql(planExtract({ tableName: name }, scope), { date: null, id: 5 });
        expect(await search(scoped, table), `${name} role ${scope.roleId}`).toMatch(/\(customer_id=\? AND id>\?\)$/);
      }
    }
  });

  it("with dates, the large relations page by (date, id) on their date index; the date range and the cursor bound the search", async () => {
    const dated = Object.keys(RELATIONS).filter((n) => RELATIONS[n]!.dateIndexed);
    expect(dated.sort()).toEqual(["audit_trail", "audit_user_login", "device_logs", "forms_crf_data"]);
    for (const name of Object.keys(RELATIONS)) {
      const r = RELATIONS[name]!;
      if (!r.created) continue;
      const p = planExtract({ tableName: name, fromDate: "2026-01-01", toDate: "2027-12-31" }, admin);
      for (const after of [FIRST_PAGE, { date: "2027-01-01T00:00:00.000Z", id: 5 }]) {
        const line = await search(extractPageSql(p, after), tableOf(name));
        if (!r.dateIndexed) expect(line, name).toMatch(/\(customer_id=\? AND id>\?\)$/);
        else if (r.updated)
          expect(line, name).toBe(`SEARCH ${name} USING INDEX ${name}_customer_changed (customer_id=? AND <expr>>? AND <expr><?)`);
        else
          expect(line, name).toBe(
            `SEARCH ${name} USING INDEX ${name}_customer_created (customer_id=? AND date_created>? AND date_created<?)`,
          );
      }
    }
  });

  it("a narrow date range reads only its rows, and its pages join up in (date_created, id) order", async () => {
    const p = planExtract({ tableName: "device_logs", fromDate: at(2000), toDate: at(2099) }, admin);
    // rows_read counts the index entry past toDate that ends the range, and on a cursor page the cursor's own row
    // (the seek is `date_created >= <cursor's date>`, the row value then skips it).
    expect(await rowsRead(extractPageSql(p, FIRST_PAGE))).toEqual({ rows: 100, read: 101 });
    const [cursorRow] = await rows<{ id: number }>("select id from device_logs where date_created = ?", at(2049));
    expect(await rowsRead(extractPageSql(p, { date: at(2049), id: cursorRow!.id }))).toEqual({ rows: 50, read: 52 });

    const r = await flaskPost(API, "/flask/customer/extract-data-to-json", {
      tableName: "device_logs",
      fromDate: at(700),
      toDate: at(700 + 2 * PAGE_ROWS + 10),
    });
    expect(r.status).toBe(200);
    const expected = await rows<{ id: number }>(
      "select id from device_logs where customer_id = 1 and date_created between ? and ? order by date_created, id",
      at(700),
      at(700 + 2 * PAGE_ROWS + 10),
    );
    expect(expected).toHaveLength(2 * PAGE_ROWS + 11);
    expect(r.json.map((x: { id: number }) => x.id)).toEqual(expected.map((x) => x.id));
  });
});

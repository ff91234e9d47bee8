import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { d1 } from "../../src/db/d1";
import { crfIdsPage } from "../../src/flask/crf/queries";
import { planExtract } from "../../src/flask/customer/extract-plan";
import { extractPageSql, FIRST_PAGE, PAGE_ROWS } from "../../src/flask/customer/queries";
import { RELATIONS } from "../../src/flask/customer/relations";
import { docsById, docsBySubject } from "../../src/flask/data-server/queries";
import { logsPage, type LogQuery } from "../../src/flask/device/queries";
import type { Scope } from "../../src/scope";
import { formDocsPage } from "../../src/flask/subject/queries";
import { API, flaskPost, rows } from "../helpers/flask";

/**
 * The keyset reads of src/flask seek their index to the cursor: EXPLAIN QUERY PLAN of the very SQL the
 * code sends (drizzle's toSQL, or F1's page builder) SEARCHes an index with the cursor as a range bound
 * and never sorts, and D1's rows_read of a page deep in the table is the page, not the rows before it.
 */
const db = d1(env.DB);
type Query = { sql: string; params: unknown[] };

async function plan(q: Query): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
    .bind(...q.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/** The plan's access to `table`: its one SEARCH line (a plan without one, a SCAN or a sort fails). */
async function search(q: Query, table: string): Promise<string> {
  const lines = await plan(q);
  expect(
    lines.filter((l) => l.startsWith(`SCAN ${table}`) || l.includes("TEMP B-TREE")),
    lines.join("\n"),
  ).toEqual([]);
  const found = lines.filter((l) => l.startsWith(`SEARCH ${table} `));
  expect(found, lines.join("\n")).toHaveLength(1);
  return found[0]!;
}

async function rowsRead(q: Query) {
  const r = await env.DB.prepare(q.sql)
    .bind(...q.params)
    .all();
  return { rows: r.results.length, read: r.meta.rows_read as number };
}

const admin: Scope = { customerId: 1, roleId: 2, userId: 2, studyIds: null, siteIds: null, sites: null, subject: null };
const studyRole: Scope = { ...admin, roleId: 3, userId: 3, studyIds: [101] };
const siteRole: Scope = {
  ...admin,
  roleId: 4,
  userId: 4,
  studyIds: [101],
  siteIds: [1001],
  sites: [{ id: 1001, studyId: 101, code: "DEMO-S01" }],
};
const BULK = 3000;
const at = (i: number) => new Date(Date.UTC(2027, 0, 1) + i * 1000).toISOString();

beforeAll(async () => {
  // 3000 more logs of study 101 (customer 1), one a second from 2027-01-01, so that a cursor can be deep.
  const stmt = env.DB.prepare(
    "insert into device_logs (customer_id, study_id, device_id, log_date, date_created, payload) values (1, 101, ?, ?, ?, '{}')",
  );
  await env.DB.batch(Array.from({ length: BULK }, (_, i) => stmt.bind(`BULK-${i % 3}`, at(i), at(i))));
});

describe("get-logs (F3): the cursor is an index seek", () => {
  const deep: LogQuery = { studyId: 101, siteIds: null, after: { logDate: at(2800), id: 0 }, limit: 101 };

  it("SEARCHes (study_id, log_date, id) / (study_id, device_id, log_date, id) from the cursor, without sorting", async () => {
    expect(await search(logsPage(db, deep).toSQL(), "device_logs")).toBe(
      "SEARCH device_logs USING INDEX device_logs_study_date (study_id=? AND log_date>?)",
    );
    expect(await search(logsPage(db, { ...deep, deviceId: "BULK-1" }).toSQL(), "device_logs")).toBe(
      "SEARCH device_logs USING INDEX device_logs_study_device_date (study_id=? AND device_id=? AND log_date>?)",
    );
    // With a date range the cursor replaces fromDate as the one lower bound; toDate is the upper one.
    const ranged = logsPage(db, { ...deep, from: at(100), to: at(2900) }).toSQL();
    expect(ranged.params).not.toContain(at(100));
    expect(await search(ranged, "device_logs")).toBe(
      "SEARCH device_logs USING INDEX device_logs_study_date (study_id=? AND log_date>? AND log_date<?)",
    );
    expect(await search(logsPage(db, { ...deep, siteIds: [1001] }).toSQL(), "device_logs")).toBe(
      "SEARCH device_logs USING INDEX device_logs_study_date (study_id=? AND log_date>?)",
    );
  });

  it("a page at row 2800 of 3300 reads its own rows, as the first page does", async () => {
    const first = await rowsRead(logsPage(db, { ...deep, after: null }).toSQL());
    const atDepth = await rowsRead(logsPage(db, deep).toSQL());
    expect(first).toEqual({ rows: 101, read: 101 });
    expect(atDepth).toEqual({ rows: 101, read: 101 });
  });

  it("a cursor older than fromDate still starts at fromDate", async () => {
    const page = await logsPage(db, { ...deep, after: { logDate: at(10), id: 0 }, from: at(500), limit: 5 });
    expect(page.map((r) => r.logDate)).toEqual([at(500), at(501), at(502), at(503), at(504)]);
  });
});

describe("Forms keyset reads (grouped / partial extract, CSV zip, get-CRF-data-ids)", () => {
  const all = { siteIds: null, subjectId: null };

  it("each SEARCHes its study or subject index from the cursor", async () => {
    expect(
      await search(
        docsBySubject(
          db,
          101,
          all,
          { statuses: ["Started", "Closed"], crfNames: ["Vitals"], formIds: [] },
          { subjectId: 3, id: 2 },
        ).toSQL(),
        "forms_crf_data",
      ),
    ).toBe("SEARCH forms_crf_data USING INDEX forms_crf_data_study_subject (study_id=? AND subject_id>?)");
    expect(
      await search(
        docsBySubject(db, 101, { siteIds: [1001], subjectId: null }, { statuses: ["Started"] }, { subjectId: 3, id: 2 }).toSQL(),
        "forms_crf_data",
      ),
    ).toBe("SEARCH forms_crf_data USING INDEX forms_crf_data_study_subject (study_id=? AND subject_id>?)");
    expect(await search(docsById(db, 101, all, {}, 5).toSQL(), "forms_crf_data")).toBe(
      "SEARCH forms_crf_data USING INDEX forms_crf_data_study_id (study_id=? AND id>?)",
    );
    expect(await search(formDocsPage(db, 101, 1, all, 5).toSQL(), "forms_crf_data")).toBe(
      "SEARCH forms_crf_data USING INDEX forms_crf_data_study_form (study_id=? AND form_id=? AND id>?)",
    );
    for (const event of [undefined, "Week 1"]) {
      expect(await search(crfIdsPage(db, 1, "Vitals", event, 5).toSQL(), "forms_crf_data")).toBe(
        "SEARCH forms_crf_data USING INDEX forms_crf_data_subject_crf (subject_id=? AND crf_name=? AND id>?)",
      );
    }
  });
});

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

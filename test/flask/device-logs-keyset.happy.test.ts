import { beforeAll, describe, expect, it } from "vitest";
import { logsPage, type LogQuery } from "../../src/flask/device/queries";
import { db, search, rowsRead, at, insertBulkLogs } from "../helpers/flask-keyset";

beforeAll(insertBulkLogs);

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

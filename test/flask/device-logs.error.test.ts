import { describe, expect, it } from "vitest";
import { API, count, flaskPost, OTHER_API, SITE, SUBJECT } from "../helpers/flask";
import { call } from "../helpers/http";
import { tokenOf } from "../helpers/flask";

describe("device logs: bad input", () => {
  it("insert-log: 400 without the EDC header, 403 for a dbname not of the caller's customer", async () => {
    const before = await count("select count(*) n from device_logs");
    expect((await flaskPost(API, "/flask/device/insert-log", { payload: { a: 1 } })).json.error).toBe("edc_header_missing");
    const foreign = await flaskPost(API, "/flask/device/insert-log", { payload: { a: 1 } }, { edc: "cc_other" });
    expect(foreign.status).toBe(403);
    const unknown = await flaskPost(API, "/flask/device/insert-log", {}, { edc: "nope" });
    expect(unknown.status).toBe(403);
    const mismatch = await flaskPost(API, "/flask/device/insert-log", { study_id: 102 }, { edc: "cc_demo" });
    expect(mismatch.status).toBe(400);
    expect(await count("select count(*) n from device_logs")).toBe(before);
  });

  it("insert-log by role: a subject only under its own label, a site user only for subjects of its sites", async () => {
    const before = await count("select count(*) n from device_logs");
    const log = (who: string, body: object) =>
      flaskPost(who, "/flask/device/insert-log", { deviceId: "DEV-R", payload: { hr: 60 }, ...body }, { edc: "cc_demo" });
    const otherSubject = await log(SUBJECT, { subjectLabel: "DEMO-S01-002" });
    expect(otherSubject.status).toBe(403);
    expect(otherSubject.json.error).toBe("subject_forbidden");
    const otherSite = await log(SITE, { subjectLabel: "DEMO-S02-001" }); // site 1002: not the site user's
    expect(otherSite.status).toBe(403);
    expect(otherSite.json.error).toBe("subject_forbidden");
    const noLabel = await log(SITE, {});
    expect(noLabel.status).toBe(400);
    expect(noLabel.json.errors).toEqual([{ path: "/subjectLabel", message: "required for site-role users" }]);
    expect((await log(SITE, { subjectLabel: "NOBODY-001" })).json.error).toBe("subject_not_found");
    expect(await count("select count(*) n from device_logs")).toBe(before);
  });

  it("413 for a body over 1 MB, and nothing is stored", async () => {
    const before = await count("select count(*) n from device_logs");
    const big = JSON.stringify({ payload: { blob: "x".repeat(1024 * 1024 + 10) } });
    const res = await call("POST", "/flask/device/insert-log", big, {
      token: await tokenOf(API),
      edc: "cc_demo",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as any).error).toBe("payload_too_large");
    expect(await count("select count(*) n from device_logs")).toBe(before);
  });

  it("get-logs: bad cursor 400, non-ISO dates 400, another customer's study 404, subject role 403", async () => {
    expect((await flaskPost(API, "/flask/device/get-logs", { study_id: 101, cursor: "garbage!" })).json.error).toBe("invalid_cursor");
    expect((await flaskPost(API, "/flask/device/get-logs", { study_id: 101, cursor: "WzEsMiwzXQ" })).status).toBe(400); // [1,2,3]
    const offset = await flaskPost(API, "/flask/device/get-logs", { study_id: 101, offset: 100 });
    expect(offset.status).toBe(400);
    expect(offset.json.errors).toMatchObject([
      { path: "/offset", message: "offset paging is not offered: pass the previous page's Next-Cursor response header as cursor" },
    ]);
    expect((await flaskPost(API, "/flask/device/get-logs", { study_id: 101, fromDate: "01/02/2026" })).status).toBe(400);
    expect((await flaskPost(API, "/flask/device/get-logs", { study_id: 101, limit: 0 })).status).toBe(400);
    const other = await flaskPost(OTHER_API, "/flask/device/get-logs", { study_id: 101 });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("Demo");
    expect((await flaskPost(SUBJECT, "/flask/device/get-logs", { study_id: 101 })).status).toBe(403);
  });
});

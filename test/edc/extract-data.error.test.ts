import { describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { problemOf } from "../helpers/http";

const bad = async (body: unknown) => problemOf(await edcPost("/edc/study/extract-data", body));

describe("POST /edc/study/extract-data — bad input answers 400 naming the problem", () => {
  it.each([
    ["user_account", "credentials"],
    ["pg_catalog.pg_authid", "Unknown"],
    ["information_schema.tables", "Unknown"],
    ["cc_other.cc_event_data", "Unknown"],
    ["no_such_view", "Unknown"],
    ['"study"', "not a table"],
    ["study--", "not a table"],
    ["study/**/", "not a table"],
    ["study; DROP TABLE study", "not a table"],
    ["STUDY", "not a table"],
    ["touch_subject()", "VOLATILE"],
    ["subject_event_data(1)", "not a table"],
  ])("refuses tableName %s", async (tableName, words) => {
    const { status, contentType, body } = await bad({ tableName });
    expect(status).toBe(400);
    expect(contentType).toBe("application/problem+json");
    expect(body.error).toBe("invalid_identifier");
    expect(body.detail).toContain(words);
    expect(body.errors[0].path).toBe("/tableName");
  });

  it("names an unknown sort column and a malformed sort item", async () => {
    const unknown = await bad({ tableName: "cc_event_data", sort: "subject, nope desc" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('"nope"');
    const malformed = await bad({ tableName: "cc_event_data", sort: "subject; drop table study" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe("/sort");
  });

  it("names an unknown filter column", async () => {
    const { status, body } = await bad({ tableName: "cc_event_data", filters: { "subject = subject or 1": "x" } });
    expect(status).toBe(400);
    expect(body.errors[0].path).toBe("/filters/subject = subject or 1");
  });

  it("refuses filter values that are objects or nested arrays, with their JSON paths", async () => {
    const { status, body } = await bad({ tableName: "cc_event_data", filters: { subject: { $ne: "x" }, site: [["a"]] } });
    expect(status).toBe(400);
    expect(body.error).toBe("validation_failed");
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ["/filters/site", "/filters/site/0", "/filters/subject"].filter((p) => body.errors.some((e: { path: string }) => e.path === p)),
    );
    expect(body.errors.some((e: { path: string }) => e.path.startsWith("/filters/subject"))).toBe(true);
  });

  it("checks inputVariables against the function's arguments", async () => {
    const wrong = await bad({ tableName: "subject_event_data()", inputVariables: { subject: "DEMO-S01-001" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_input_variables");
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["/inputVariables/p_subject", "/inputVariables/subject"]);
    const onView = await bad({ tableName: "cc_event_data", inputVariables: { x: 1 } });
    expect(onView.status).toBe(400);
  });

  it("refuses non-ISO dates and fromDate after toDate", async () => {
    for (const fromDate of ["01/02/2019", "2019-13-45", "yesterday", "2019-01-01 00:00:00"]) {
      const { status, body } = await bad({ tableName: "cc_event_data", fromDate });
      expect(status, fromDate).toBe(400);
      expect(body.errors[0].path).toBe("/fromDate");
    }
    const order = await bad({ tableName: "cc_event_data", fromDate: "2019-02-01", toDate: "2019-01-01" });
    expect(order.status).toBe(400);
    expect(order.body.errors[0].message).toContain("fromDate must not be after toDate");
  });

  it("refuses dates on a relation with neither date_updated nor date_created", async () => {
    const { status, body } = await bad({ tableName: "status", fromDate: "2019-01-01" });
    expect(status).toBe(400);
    expect(body.detail).toContain("neither date_updated nor date_created");
  });

  it("answers 400 invalid_value when a filter value does not fit the column type", async () => {
    const { status, body } = await bad({ tableName: "cc_event_data", filters: { event_ordinal: "two" } });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_value");
  });

  it("checks integer filter values against the catalog type before any SQL, naming each bad one", async () => {
    const { status, body } = await bad({
      tableName: "cc_event_data",
      filters: { event_ordinal: [1, 2.5, "3", true], event_crf_id: "99999999999" },
    });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_value");
    expect(body.errors).toEqual([
      { path: "/filters/event_ordinal/1", message: "must be an integer (integer)" },
      { path: "/filters/event_ordinal/3", message: "must be an integer (integer)" },
      { path: "/filters/event_crf_id", message: "is out of range for integer" },
    ]);
  });

  it("checks date, timestamp and boolean values before any SQL too, naming each bad one", async () => {
    const events = await bad({ tableName: "cc_event_data", filters: { enrollment_date: "not a date" } });
    expect(events.status).toBe(400);
    expect(events.body.errors).toEqual([
      { path: "/filters/enrollment_date", message: "must be an ISO 8601 date or date-time (timestamp with time zone)" },
    ]);
    const subjects = await bad({ tableName: "subject", filters: { dob_collected: "maybe", date_of_birth: ["1990-02-30", "1990-02-28"] } });
    expect(subjects.status).toBe(400);
    expect(subjects.body.error).toBe("invalid_value");
    expect(subjects.body.errors).toEqual([
      { path: "/filters/dob_collected", message: "must be true or false (boolean)" },
      { path: "/filters/date_of_birth/0", message: "must be an ISO 8601 date or date-time (timestamp with time zone)" },
    ]);
    const fn = await bad({ tableName: "crf_item_values", inputVariables: { p_crf: "Vital Signs", p_from: "last week" } });
    expect(fn.body.errors).toEqual([
      { path: "/inputVariables/p_from", message: "must be an ISO 8601 date or date-time (timestamp with time zone)" },
    ]);
  });
});

describe("the EDC header", () => {
  it("400 when absent", async () => {
    const { post, login } = await import("../helpers/http");
    const res = await post("/edc/study/extract-data", { tableName: "cc_event_data" }, { token: await login("api@demo.test") });
    const { status, body } = await problemOf(res);
    expect(status).toBe(400);
    expect(body.error).toBe("edc_header_missing");
  });

  it("403 for another customer's database, an unknown one, and for Other Pharma on cc_demo", async () => {
    const { login } = await import("../helpers/http");
    for (const edc of ["cc_other", "cc_nothing", "cc_demo; drop"]) {
      const { status, body } = await problemOf(await edcPost("/edc/study/extract-data", { tableName: "cc_event_data" }, { edc }));
      expect(status, edc).toBe(403);
      expect(body.error).toBe("edc_forbidden");
    }
    const other = await login("api@other.test");
    const res = await edcPost("/edc/study/extract-data", { tableName: "cc_event_data" }, { token: other, edc: "cc_demo" });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("DEMO-S0");
  });

  it("lets study, site and subject roles in through their assigned study; per-site counts are not a subject's rows", async () => {
    const { login } = await import("../helpers/http");
    for (const [email, status] of [
      ["study@demo.test", 200],
      ["site@demo.test", 200],
      ["subject@demo.test", 403],
    ] as const) {
      const res = await edcPost("/edc/study/extract-data", { tableName: "site_subject_counts()" }, { token: await login(email) });
      expect(res.status, email).toBe(status);
      if (status === 403) expect(((await res.json()) as { error: string }).error).toBe("edc_relation_forbidden");
    }
    const own = await edcPost("/edc/study/extract-data", { tableName: "cc_event_data" }, { token: await login("subject@demo.test") });
    expect(own.status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { edcPost } from "../helpers/edc";
import { login, post, problemOf } from "../helpers/http";

const PATHS = [
  "/edc/study/extract-study-data-at-crf-level",
  "/edc/study/extract-study-data-at-crf-level-to-csvs",
  "/edc/study/download-csvs-data",
];

describe.each(PATHS)("POST %s refuses bad input with 400/401/403 problem+json", (path) => {
  const bad = async (body: unknown) => problemOf(await edcPost(path, body));

  it("names unknown filter / filtersNotIn columns, and injection attempts in keys", async () => {
    for (const [body, pointer] of [
      [{ filters: { nope: "x" } }, "/filters/nope"],
      [{ filters: { "crf = crf or 1=1 --": "x" } }, "/filters/crf = crf or 1=1 --"],
      [{ filters: { '"crf"': "x" } }, '/filters/"crf"'],
      [{ filtersNotIn: { "site; drop table study": "a|b" } }, "/filtersNotIn/site; drop table study"],
      [{ filters: { items: "x" } }, "/filters/items"],
      [{ filters: { date_updated: "2019-01-01" } }, "/filters/date_updated"],
    ] as const) {
      const { status, contentType, body: problem } = await bad(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(contentType).toBe("application/problem+json");
      expect(problem.error).toBe("invalid_filter");
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain(pointer);
    }
  });

  it("refuses filter values that are objects or nested arrays, and non-integers for integer columns", async () => {
    const objects = await bad({ filters: { subject: { $ne: "x" } } });
    expect(objects.status).toBe(400);
    expect(objects.body.error).toBe("validation_failed");
    const nested = await bad({ filtersNotIn: { site: [["a"]] } });
    expect(nested.status).toBe(400);
    const ordinal = await bad({ filters: { event_ordinal: "1 or 1=1" } });
    expect(ordinal.status).toBe(400);
    expect(ordinal.body.errors[0].path).toBe("/filters/event_ordinal");
  });

  it("refuses non-ISO dates and fromDate after toDate", async () => {
    for (const fromDate of ["01/02/2019", "2019-02-30", "2019-01-01; drop table study", "tomorrow"]) {
      const { status, body } = await bad({ fromDate });
      expect(status, fromDate).toBe(400);
      expect(body.errors[0].path).toBe("/fromDate");
    }
    const order = await bad({ fromDate: "2019-02-01", toDate: "2019-01-01" });
    expect(order.status).toBe(400);
  });

  it("400 without the EDC header, 403 for another customer's database, 401 without a token", async () => {
    const token = await login("api@demo.test");
    expect((await post(path, {}, { token })).status).toBe(400);
    const foreign = await problemOf(await edcPost(path, {}, { token: await login("api@other.test"), edc: "cc_demo" }));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe("edc_forbidden");
    expect((await post(path, {}, { edc: "cc_demo" })).status).toBe(401);
  });
});

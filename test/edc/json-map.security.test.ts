import { describe, expect, it } from "vitest";
import { demoToken } from "../helpers/edc";
import { post } from "../helpers/http";

// Issue 13 R4 for /edc: a prototype key in filters, filtersNotIn or inputVariables was dropped by
// parsing (the extract ran unfiltered). Each is now an ordinary, unknown name: 400 naming it.
const raw = async (path: string, body: string) => {
  const res = await post(path, body, { token: await demoToken(), edc: "cc_demo", headers: { "content-type": "application/json" } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe("EDC JSON maps: __proto__, constructor and prototype are plain (unknown) names", () => {
  it.each(["__proto__", "constructor", "prototype"])("extract-data filters {%s: …}: 400 naming it", async (key) => {
    for (const value of ['"x"', "[1]", "null"]) {
      const { status, body } = await raw("/edc/study/extract-data", `{"tableName":"cc_event_data","filters":{"${key}":${value}}}`);
      expect(status, value).toBe(400);
      expect(body.error).toBe("invalid_identifier");
      expect(body.errors[0].path).toBe(`/filters/${key}`);
    }
  });

  it("extract-data inputVariables {__proto__}: 400 invalid_input_variables", async () => {
    const body0 = '{"tableName":"subject_event_data()","inputVariables":{"p_subject":"DEMO-S01-001","__proto__":"x"}}';
    const { status, body } = await raw("/edc/study/extract-data", body0);
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_input_variables");
    expect(body.errors).toContainEqual({ path: "/inputVariables/__proto__", message: 'subject_event_data() has no argument "__proto__".' });
  });

  const crfLevelPaths = [
    "/edc/study/extract-study-data-at-crf-level",
    "/edc/study/extract-study-data-at-crf-level-to-csvs",
    "/edc/study/download-csvs-data",
  ];
  it.each(crfLevelPaths)("%s filters and filtersNotIn {__proto__}: 400 invalid_filter", async (path) => {
    for (const field of ["filters", "filtersNotIn"]) {
      const { status, body } = await raw(path, `{"${field}":{"__proto__":"DEMO-S02"}}`);
      expect(status, field).toBe(400);
      expect(body.error).toBe("invalid_filter");
      expect(body.errors[0].path).toBe(`/${field}/__proto__`);
    }
  });
});

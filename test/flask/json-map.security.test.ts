import { describe, expect, it } from "vitest";
import { post } from "../helpers/http";
import { API, tokenOf } from "../helpers/flask";

// Issue 13 R4: a prototype key in a request's JSON map was dropped by parsing, so the request ran
// without the filter (200, every row). Each must now be an ordinary, unknown name: 400 naming it.
const raw = async (path: string, body: string, headers: Record<string, string> = {}) => {
  const res = await post(path, body, { token: await tokenOf(API), headers: { "content-type": "application/json", ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe("Flask JSON maps: __proto__, constructor and prototype are plain (unknown) names", () => {
  it.each(["__proto__", "constructor", "prototype"])("extract-data-to-json filters {%s: 1}: 400 unknown_filter", async (key) => {
    for (const value of ["1", "[1]", "null"]) {
      const { status, body } = await raw("/flask/customer/extract-data-to-json", `{"tableName":"studies","filters":{"${key}":${value}}}`);
      expect(status, value).toBe(400);
      expect(body.error).toBe("unknown_filter");
      expect(body.errors).toEqual([{ path: `/filters/${key}`, message: "unknown column" }]);
    }
  });

  it("extract-data-to-json: __proto__ next to a real filter is still refused, not dropped", async () => {
    const request = '{"tableName":"studies","filters":{"status_id":1,"__proto__":2}}';
    const { status, body } = await raw("/flask/customer/extract-data-to-json", request);
    expect(status).toBe(400);
    expect(body.error).toBe("unknown_filter");
  });

  it("partial-extract filters and columns: 400 naming the key", async () => {
    for (const [field, value] of [
      ["filters", '"x"'],
      ["columns", "1"],
    ] as const) {
      const path = "/data-server/data/extract/partial-extract-study-event-data-to-json";
      const { status, body } = await raw(path, `{"study_id":101,"${field}":{"__proto__":${value}}}`);
      expect(status, field).toBe(400);
      expect(body.errors).toContainEqual({ path: `/${field}/__proto__`, message: "unknown field" });
    }
  });

  it("device payload keeps a __proto__ key as sent", async () => {
    const payload = '{"__proto__":{"battery":5},"steps":3}';
    const res = await raw("/flask/device/insert-log", `{"deviceId":"DEV-PROTO","logType":"t","payload":${payload}}`, { edc: "cc_demo" });
    expect(res.status).toBe(201);
    const logs = await post("/flask/device/get-logs", { studyId: 101, deviceId: "DEV-PROTO" }, { token: await tokenOf(API) });
    const text = await logs.text();
    expect(text).toContain('"payload":{"__proto__":{"battery":5},"steps":3}');
  });
});

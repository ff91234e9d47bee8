import { beforeAll, describe, expect, it } from "vitest";
import { demoToken } from "../helpers/edc";
import { edcFingerprint } from "../helpers/edc-fingerprint";
import { post } from "../helpers/http";
import { injectionCorpus } from "../helpers/edc-injection-corpus";

/**
 * Runs the injection corpus against the EDC extract endpoints and proves two things: every input
 * is refused with a 400/403 problem+json (nothing is served), and afterwards the EDC schemas are
 * byte-for-byte what they were (every table's rows, the catalog, sequences).
 */
const corpus = injectionCorpus();
let before: Awaited<ReturnType<typeof edcFingerprint>>;

beforeAll(async () => {
  before = await edcFingerprint();
});

describe("the injection corpus", () => {
  it("has at least 200 payloads spread over all five extract-data positions", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const positions = new Set(corpus.map(({ c }) => c.position));
    for (const p of ["tableName", "sort", "filterKey", "filterValue", "inputVariables"]) expect(positions, p).toContain(p);
    for (const p of ["tableName", "sort", "filterKey", "filterValue", "inputVariables"]) {
      expect(corpus.filter(({ c }) => c.position === p).length, p).toBeGreaterThanOrEqual(10);
    }
  });

  it("is refused case by case with 400/403 problem+json, and leaves the EDC schemas unchanged", async () => {
    const token = await demoToken();
    const failures: string[] = [];
    const queue = [...corpus];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const res = await post(item.path, item.c.body, { token, edc: "cc_demo" });
        const text = await res.text();
        const type = res.headers.get("content-type");
        if (![400, 403].includes(res.status) || type !== "application/problem+json") {
          failures.push(`${item.c.position} ${JSON.stringify(item.c.body).slice(0, 200)} → ${res.status} ${type} ${text.slice(0, 200)}`);
          continue;
        }
        const problem = JSON.parse(text) as { error?: string; detail?: string };
        // Refusals never echo SQL text or a stack.
        if (!problem.error || /\bat \w+ \(|syntax error at or near|SQLSTATE/i.test(text))
          failures.push(`${item.c.position}: leaky problem ${text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(failures).toEqual([]);
    const after = await edcFingerprint();
    expect(after).toEqual(before);
  }, 300_000);

  it("binds string filter values: SQL in a text value matches nothing and runs nothing", async () => {
    const token = await demoToken();
    for (const value of ["' OR '1'='1", "DEMO-S01-001'; DROP TABLE study; --", "x\\' OR 1=1 --", "$$; DROP TABLE study; $$"]) {
      const res = await post(
        "/edc/study/extract-data",
        { tableName: "cc_event_data", filters: { subject: value } },
        { token, edc: "cc_demo" },
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
    }
    expect(await edcFingerprint()).toEqual(before);
  });
});

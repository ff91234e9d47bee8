import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createEdgeSchema } from "../helpers/edc-edge-schema";
import { edcPost } from "../helpers/edc";

// cc_fault: a test-only EDC schema with one table large enough that its extract is still streaming
// (held back by the response's back-pressure) when the database goes away under it: more than the
// first cursor page and the one fetched ahead of it (src/edc/stream.ts TEXT_PAGES: 25,000 rows, then
// about 16 MiB, some 186,000 of these rows), so the Worker cannot hold the whole answer when it is cut.
const ROWS = 250_000;
const EXTRACT = { tableName: "fault_rows", sort: "id" };
// Only the stream's own query names the table this way (the DDL below leaves it unqualified).
const MARKER = '"cc_fault"."fault_rows"';
const control = (env as unknown as { EDC_FAULT_CONTROL_URL: string }).EDC_FAULT_CONTROL_URL;
const decoder = new TextDecoder();

beforeAll(async () => {
  await createEdgeSchema(
    "cc_fault",
    `CREATE TABLE fault_rows (id integer PRIMARY KEY, label text NOT NULL, date_created timestamptz NOT NULL);
     INSERT INTO fault_rows
       SELECT g, 'row-' || g || '-' || repeat('x', 40), timestamptz '2019-01-01 00:00:00+00' + g * interval '1 minute'
         FROM generate_series(1, ${ROWS}) g;`,
    180,
  );
});

afterEach(() => vi.restoreAllMocks());

/** Starts the extract, takes its first chunk, stops the database under it, then reads what is left. */
async function extractCutMidStream(accept?: string) {
  const logs: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void logs.push(String(line)));
  const res = await edcPost("/edc/study/extract-data", EXTRACT, { edc: "cc_fault", accept });
  expect(res.status).toBe(200);
  const requestId = res.headers.get("x-request-id")!;
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  let text = decoder.decode(first.value, { stream: true });
  const cut = (await (await fetch(`${control}/cut?marker=${encodeURIComponent(MARKER)}`, { method: "POST" })).json()) as { cut: number };
  let aborted = false;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
  } catch {
    aborted = true;
  }
  return { res, requestId, text, cut: cut.cut, aborted, logs };
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    return line.startsWith("{") ? (JSON.parse(line) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The Worker's error line for the interrupted stream, once its waitUntil has run. */
async function interruptionLog(logs: string[], requestId: string) {
  for (let i = 0; i < 50; i++) {
    const line = logs.map(parseLine).find((l) => l?.event === "edc_stream_interrupted" && l.request_id === requestId);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

async function expectNextRequestWorks() {
  const res = await edcPost("/edc/study/extract-data", EXTRACT, { edc: "cc_fault" });
  expect(res.status).toBe(200);
  const rows = (await res.json()) as { id: number }[];
  expect(rows).toHaveLength(ROWS);
  expect(rows[ROWS - 1]!.id).toBe(ROWS);
}

describe("PostgreSQL stops in the middle of a streamed extract", () => {
  it("JSON: the array is left unterminated (no client can take it for a whole answer), the Worker logs it with the request id, and the next request works", async () => {
    const { requestId, text, cut, aborted, logs } = await extractCutMidStream();
    expect(cut).toBe(1);
    // The body also ends with a transport error, not a clean end of the HTTP message.
    expect(aborted).toBe(true);
    expect(text.startsWith('[{"id":1,')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(text.endsWith("]")).toBe(false);
    const log = await interruptionLog(logs, requestId);
    expect(log).toMatchObject({ level: "error", event: "edc_stream_interrupted", request_id: requestId });
    await expectNextRequestWorks();
  });

  it("NDJSON: the rows sent are whole lines in order, then the trailer names the request id; the next request works", async () => {
    const { requestId, text, cut, aborted, logs } = await extractCutMidStream("application/x-ndjson");
    expect(cut).toBe(1);
    // The trailer line is the signal; the HTTP message itself ends normally, so no client loses it.
    expect(aborted).toBe(false);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const trailer = lines.pop();
    expect(trailer).toEqual({ error: "stream_interrupted", request_id: requestId });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(ROWS);
    expect(lines.map((l) => l.id)).toEqual(lines.map((_, i) => i + 1));
    expect(await interruptionLog(logs, requestId)).toMatchObject({ level: "error", request_id: requestId });
    await expectNextRequestWorks();
  });
});

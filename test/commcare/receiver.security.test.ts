import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "../helpers/http";
import { CASE_NS, receiverCounts as counts, receiverForm as form } from "../helpers/receiver";
import { apiKeyHeader, ccError, submit } from "../helpers/commcare";

const RECEIVER = `${BASE}/a/demo/receiver/`;
const failure = (text: string) => /<message nature="processing_failure">([^<]*)<\/message>/.exec(text)?.[1];

/** A body of `bytes` bytes streamed in 64 KB chunks, so no Content-Length is sent. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(65536, bytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

describe("receiver: deep or huge XML is a 400 OpenRosaResponse, nothing stored (R1)", () => {
  it.each([2_000, 5_000])("%i nested elements", async (depth) => {
    const before = await counts();
    const res = await submit(form(`deep-${depth}`, "", `${"<g>".repeat(depth)}x${"</g>".repeat(depth)}`));
    expect(res.status).toBe(400);
    expect(failure(await res.text())).toBe("Invalid XML: elements nested more than 100 deep");
    expect(await counts()).toEqual(before);
  });

  it("a form nested 90 deep is still stored", async () => {
    const res = await submit(form("deep-90", "", `${"<g>".repeat(90)}x${"</g>".repeat(90)}`));
    expect(res.status).toBe(201);
  });

  it("more than 50,000 elements", async () => {
    const res = await submit(form("wide", "", "<a/>".repeat(60_000)));
    expect(res.status).toBe(400);
    expect(failure(await res.text())).toBe("Invalid XML: more than 50000 elements");
  });

  it("XML over 600,000 bytes is refused before parsing; a case row over its bound before D1 sees it", async () => {
    const before = await counts();
    const big = await submit(form("big", "", `<q2>${"x".repeat(600_000)}</q2>`));
    expect(big.status).toBe(400);
    expect(failure(await big.text())).toMatch(/^The submission XML is 6\d{5} bytes; at most 600000 are accepted\.$/);
    expect(await counts()).toEqual(before);
    // Each submission fits; the case they grow together would not fit its audit row.
    const grow = (n: number, prop: string) =>
      submit(
        form(
          `fat-${n}`,
          `<case xmlns="${CASE_NS}" case_id="fat-1"><create><case_type>t</case_type><case_name>n</case_name></create><update><${prop}>${"x".repeat(450_000)}</${prop}></update></case>`,
        ),
      );
    expect((await grow(1, "p1")).status).toBe(201);
    const stored = await counts();
    const fat = await grow(2, "p2");
    expect(fat.status).toBe(400);
    expect(failure(await fat.text())).toMatch(/^Case fat-1 would be 9\d{5} bytes; at most 900000 are stored\.$/);
    expect(await counts()).toEqual(stored);
  });
});

describe("receiver: multipart the parser rejects is a 400 (R2)", () => {
  const multipart = (body: string, type: string) =>
    SELF.fetch(RECEIVER, { method: "POST", headers: { ...apiKeyHeader(), "content-type": type }, body });

  it("no boundary, an unterminated part, a wrong boundary", async () => {
    const before = await counts();
    const part = `--XyZ\r\nContent-Disposition: form-data; name="xml_submission_file"; filename="f.xml"\r\nContent-Type: text/xml\r\n\r\n${form("mp-1", "")}`;
    for (const [body, type] of [
      [`${part}\r\n--XyZ--\r\n`, "multipart/form-data"],
      [part, "multipart/form-data; boundary=XyZ"],
      [`${part}\r\n--XyZ--\r\n`, "multipart/form-data; boundary=other"],
    ] as const) {
      const res = await multipart(body, type);
      expect(res.status).toBe(400);
      expect(failure(await res.text())).toMatch(/^Malformed multipart\/form-data body: /);
    }
    expect(await counts()).toEqual(before);
    const good = await multipart(`${part}\r\n--XyZ--\r\n`, "multipart/form-data; boundary=XyZ");
    expect(good.status).toBe(201);
  });
});

describe("receiver: body limit of 10 MB, enforced while streaming (R3)", () => {
  it("50 MB with its Content-Length → 413 {error}, nothing stored", async () => {
    const before = await counts();
    const res = await SELF.fetch(RECEIVER, {
      method: "POST",
      headers: { ...apiKeyHeader(), "content-type": "text/xml" },
      body: "a".repeat(50 * 1024 * 1024),
    });
    expect(await ccError(res)).toEqual({ status: 413, error: `The request body is larger than ${10 * 1024 * 1024} bytes.` });
    expect(await counts()).toEqual(before);
  });

  it("50 MB streamed without a Content-Length → 413", async () => {
    const res = await SELF.fetch(RECEIVER, {
      method: "POST",
      headers: { ...apiKeyHeader(), "content-type": "text/xml" },
      body: streamOf(50 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/larger than/);
  });
});

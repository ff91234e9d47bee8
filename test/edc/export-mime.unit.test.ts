import { describe, expect, it } from "vitest";
import { messageIdFor, rawMail } from "../../src/edc/exports/mime";
import { parseMail } from "../helpers/mail";

const base = {
  from: "exports@trialedge.example",
  to: "a@demo.test",
  messageId: "<j.1@trialedge.example>",
  date: new Date("2026-01-02T03:04:05Z"),
};

describe("export mail (raw RFC 5322 message)", () => {
  it("ASCII text goes 7bit, CRLF line ends, every header present", () => {
    const raw = rawMail({ ...base, subject: "Ready: x.zip", text: "line 1\nhttps://h.test/downloads/x?sig=abc" });
    expect(raw).not.toMatch(/[^\r]\n/);
    const { headers, body } = parseMail(raw);
    expect(headers).toMatchObject({
      from: base.from,
      to: base.to,
      subject: "Ready: x.zip",
      "message-id": base.messageId,
      "mime-version": "1.0",
      "content-transfer-encoding": "7bit",
      date: "Fri, 02 Jan 2026 03:04:05 +0000",
    });
    expect(body).toBe("line 1\r\nhttps://h.test/downloads/x?sig=abc\r\n");
  });

  it("non-ASCII subject becomes encoded words; non-ASCII or over-long text becomes base64 of 76-column lines", () => {
    const text = `Étude ${"é".repeat(300)}\n${"x".repeat(1200)}`;
    const raw = rawMail({ ...base, subject: `Prêt: ${"ü".repeat(40)}.zip`, text });
    expect(raw.split("\r\n").every((l) => l.length <= 998)).toBe(true);
    const { headers, body } = parseMail(raw);
    expect(headers["content-transfer-encoding"]).toBe("base64");
    expect(headers.subject).toMatch(/^=\?UTF-8\?B\?/);
    const decoded = headers
      .subject!.split(" ")
      .map((w) => new TextDecoder().decode(Uint8Array.from(atob(w.slice(10, -2)), (c) => c.charCodeAt(0))))
      .join("");
    expect(decoded).toBe(`Prêt: ${"ü".repeat(40)}.zip`);
    expect(body).toBe(text);
  });

  it("header values cannot carry a line break; the Message-ID names the job in the sender's domain", () => {
    const raw = rawMail({ ...base, subject: "a\r\nBcc: evil@x.test", text: "t" });
    expect(raw).not.toMatch(/^Bcc:/m);
    expect(messageIdFor("job-1", "exports@trialedge.example")).toMatch(/^<job-1\.[0-9a-f-]{36}@trialedge\.example>$/);
  });
});

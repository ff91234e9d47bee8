/**
 * A complete RFC 5322 message (headers and a text/plain body) for the send_email binding's EmailMessage.
 * The whole message is built here rather than by the binding's builder form, so what leaves the Worker is
 * one self-describing file: locally miniflare stores exactly these bytes (.eml), which a test can read back.
 */
export interface MailParts {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  date: Date;
}

const ASCII = /^[\x20-\x7e]*$/;
const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A header value: printable ASCII as it is, anything else as one RFC 2047 encoded word per 45 bytes. */
function headerValue(value: string): string {
  const flat = value.replace(/[\r\n]+/g, " ");
  if (ASCII.test(flat)) return flat;
  const words: string[] = [];
  let chunk = "";
  for (const ch of flat) {
    if (encoder.encode(chunk + ch).length > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64(encoder.encode(w))}?=`).join("\r\n ");
}

/** Plain 7bit when every line is short printable ASCII (a person reading the .eml sees the link); base64 otherwise. */
function body(text: string): { encoding: string; content: string } {
  const lines = text.split(/\r?\n/);
  if (lines.every((l) => ASCII.test(l) && l.length <= 998)) return { encoding: "7bit", content: lines.join("\r\n") };
  const b64 = base64(encoder.encode(text));
  return { encoding: "base64", content: b64.replace(/.{1,76}/g, (m) => `${m}\r\n`).trimEnd() };
}

export function rawMail(m: MailParts): string {
  const { encoding, content } = body(m.text);
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${headerValue(m.subject)}`,
    `Date: ${m.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${m.messageId}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Transfer-Encoding: ${encoding}`,
    "",
    content,
    "",
  ].join("\r\n");
}

/** A Message-ID in the sender's domain that names the job (unique per message). */
export const messageIdFor = (jobId: string, from: string) => `<${jobId}.${crypto.randomUUID()}@${from.slice(from.lastIndexOf("@") + 1)}>`;

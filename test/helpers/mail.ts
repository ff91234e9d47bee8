import { env } from "cloudflare:workers";

export interface Mail {
  file: string;
  raw: string;
  headers: Record<string, string>;
  body: string;
}

/** Headers (lower-cased names, unfolded) and the decoded body of a stored .eml. */
export function parseMail(raw: string): Omit<Mail, "file" | "raw"> {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  if (headers["content-transfer-encoding"]?.toLowerCase() === "base64") {
    body = new TextDecoder().decode(Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0)));
  }
  return { headers, body };
}

/**
 * The messages the local send_email binding stored whose bytes contain `contains`, read back from disk
 * (test/mail/outbox-server.mjs); waits until there are at least `atLeast`.
 */
export async function outbox(contains: string, atLeast = 1, timeoutMs = 20_000): Promise<Mail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${env.MAIL_OUTBOX_URL}/messages?contains=${encodeURIComponent(contains)}`);
    const { messages } = (await res.json()) as { messages: { file: string; raw: string }[] };
    if (messages.length >= atLeast || Date.now() > deadline) return messages.map((m) => ({ ...m, ...parseMail(m.raw) }));
    await new Promise((r) => setTimeout(r, 200));
  }
}

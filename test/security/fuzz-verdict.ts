import type { FuzzCase, FuzzRequest } from "./fuzz-cases";

/** How long any answer may take, body included: a slow pattern or parser fails the test. */
export const MAX_MS = 2000;

export type Family = "problem" | "commcare" | "receiver";

export function familyOf(path: string): Family {
  if (/^\/a\/[^/]*\/receiver\//.test(path)) return "receiver";
  return path.startsWith("/a/") ? "commcare" : "problem";
}

/** Stack frames and database error text: never in a body, whatever the status. */
const LEAKS: [string, RegExp][] = [
  ["a stack frame", /\n\s+at [^\n]*:\d+:\d+|\bat [\w$.<>]+ \([^)]*:\d+:\d+\)/],
  ["a source path", /\/src\/[\w/-]+\.ts\b|node_modules\//],
  [
    "a database error",
    /SQLITE_|D1_ERROR|PostgresError|syntax error at or near|violates (unique|foreign key|check|not-null) constraint|pg_catalog|no such (table|column)/i,
  ],
];
/** SQL statement text: looked for in error bodies only (a 2xx extract may hold such words as data). */
const SQL_TEXT = /\b(select\s[\s\S]{0,200}\bfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\b/i;

/** What is wrong with one answer for the family, or null when it is a 2xx or a well-formed 4xx. */
export function judge(family: Family, res: Response, text: string, ms: number): string | null {
  const s = res.status;
  if (s >= 500) return `status ${s}`;
  if (s < 200 || (s >= 300 && s < 400)) return `status ${s} (neither 2xx nor 4xx)`;
  if (ms > MAX_MS) return `answered in ${ms} ms (limit ${MAX_MS} ms)`;
  for (const [what, re] of LEAKS) if (re.test(text)) return `body shows ${what}`;
  if (s >= 400 && SQL_TEXT.test(text)) return "error body shows SQL text";
  if (!res.headers.get("x-request-id")) return "no X-Request-Id header";
  if (s < 300) return null;
  const type = res.headers.get("content-type") ?? "";
  if (family === "problem") return problemFormat(s, type, text);
  if (family === "receiver" && /<OpenRosaResponse\b[\s\S]*<\/OpenRosaResponse>/.test(text) && /xml/.test(type)) return null;
  if (family === "receiver" && s === 400) return "a receiver 400 must be an OpenRosaResponse document";
  return commcareFormat(type, text);
}

function problemFormat(status: number, type: string, text: string): string | null {
  if (!type.startsWith("application/problem+json")) return `content type ${JSON.stringify(type)}, not application/problem+json`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    return "problem+json body is not JSON";
  }
  for (const field of ["type", "title", "detail", "error", "request_id"]) {
    if (typeof body[field] !== "string") return `problem+json without a string "${field}"`;
  }
  if (body.status !== status) return `problem+json status ${String(body.status)} differs from HTTP ${status}`;
  return null;
}

/** CommCare: `{"error": "..."}` as JSON, or the empty body the reference sends for 401/403/404/429. */
function commcareFormat(type: string, text: string): string | null {
  if (text === "") return null;
  if (!type.startsWith("application/json")) return `content type ${JSON.stringify(type)}, not application/json`;
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === "string" ? null : 'JSON body without a string "error"';
  } catch {
    return "body is not JSON";
  }
}

function shown(value: string, limit = 600): string {
  const json = JSON.stringify(value);
  return json.length <= limit ? json : `${json.slice(0, limit)}… (${value.length} chars in all)`;
}

/** A failure as a developer needs it to reproduce: the seed, the operation, the case and the exact request. */
export function describeFailure(
  seed: number,
  operation: string,
  c: FuzzCase,
  problem: string,
  status: number,
  text: string,
  secrets: Record<string, string>,
): string {
  const req: FuzzRequest = c.req;
  const redact = (v: string) => Object.entries(secrets).reduce((acc, [secret, name]) => acc.split(secret).join(name), v);
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `      ${k}: ${shown(redact(v), 200)}`)
    .join("\n");
  const body =
    req.body === undefined ? "(none)" : typeof req.body === "string" ? shown(req.body) : `bytes [${Array.from(req.body).join(", ")}]`;
  return [
    `[FUZZ_SEED=${seed}] ${operation} — ${c.what}: ${problem}`,
    `    request: ${req.method} ${shown(req.path, 400)}`,
    headers,
    `    body: ${body}`,
    `    answer: ${status} ${shown(text, 300)}`,
  ].join("\n");
}

import { SELF } from "cloudflare:test";

export const BASE = "https://trialedge.test";

export interface CallOptions {
  token?: string;
  edc?: string;
  headers?: Record<string, string>;
}

/** A request as a client sends it, through the Worker's fetch handler inside workerd. */
export function call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (body !== undefined && typeof body !== "string") headers["content-type"] ??= "application/json";
  if (opts.token) headers.authorization ??= opts.token;
  if (opts.edc) headers.edc = opts.edc;
  return SELF.fetch(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const post = (path: string, body?: unknown, opts?: CallOptions) => call("POST", path, body ?? {}, opts);
export const get = (path: string, opts?: CallOptions) => call("GET", path, undefined, opts);

/** Logs in through POST /auth/authorize and returns the raw token. */
export async function login(email: string, password = "demo-password"): Promise<string> {
  const res = await post("/auth/authorize", { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Asserts nothing here; returns the parsed problem+json body and its content type for expect(). */
export async function problemOf(res: Response) {
  return { status: res.status, contentType: res.headers.get("content-type"), body: (await res.json()) as Record<string, any> };
}

import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call } from "./http";

export const ADMIN = { user: "admin@demo.test", key: "demo-api-key" };
export const VIEWER = { user: "viewer@demo.test", key: "viewer-api-key" };
export const OTHER_ADMIN = { user: "admin@other.test", key: "other-api-key" };

export const apiKeyHeader = (who = ADMIN) => ({ authorization: `ApiKey ${who.user}:${who.key}` });

/** A CommCare request with an `ApiKey user:key` header (the demo admin by default). */
export function ccCall(method: string, path: string, body?: unknown, who = ADMIN, headers: Record<string, string> = {}) {
  return call(method, path, body, { headers: { ...apiKeyHeader(who), ...headers } });
}

export const ccGet = (path: string, who = ADMIN, headers: Record<string, string> = {}) => ccCall("GET", path, undefined, who, headers);

/** GET and parse JSON, failing loudly on a non-200. */
export async function ccJson<T = any>(path: string, who = ADMIN): Promise<T> {
  const res = await ccGet(path, who);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** GET a tastypie XML answer: a 200 with the XML content type, or a failed expectation. */
export async function ccXml(path: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await ccGet(path, undefined, headers);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
  return res.text();
}

/** The `{"error": ...}` of a 400. */
export async function ccError(res: Response): Promise<{ status: number; error: string | undefined }> {
  const text = await res.text();
  return { status: res.status, error: text ? (JSON.parse(text) as { error?: string }).error : undefined };
}

/** Every cc_location* row of a domain, for before/after comparisons. */
export async function dumpLocations(domainId = 1) {
  const locations = await env.DB.prepare("select * from cc_locations where domain_id = ? order by id").bind(domainId).all();
  const audit = await env.DB.prepare("select count(*) n from audit_trail where tenant = 'domain:demo'").first<{ n: number }>();
  return { locations: locations.results, audit: audit!.n };
}

/** A raw OpenRosa submission to the receiver. */
export function submit(xml: string, who = ADMIN, domain = "demo") {
  return call("POST", `/a/${domain}/receiver/`, xml, {
    headers: { ...apiKeyHeader(who), "content-type": "text/xml", "x-openrosa-version": "1.0" },
  });
}

/**
 * A fresh web user of domain `demo` whose role grants exactly `permissions`, with an API key: for
 * "missing permission" tests. Rows go straight into D1 (the API has no user writes).
 */
export async function keyWithPermissions(permissions: string[], name: string) {
  const { hashApiKey } = await import("../../src/commcare/auth/credentials");
  const n = Math.floor(Math.random() * 1e9) + 1000;
  const username = `${name}-${n}@demo.test`;
  const key = `key-${n}`;
  await env.DB.batch([
    env.DB.prepare("insert into cc_roles (id, domain_id, name, permissions) values (?, 1, ?, ?)").bind(
      n,
      `role-${n}`,
      JSON.stringify(permissions),
    ),
    env.DB.prepare(
      "insert into cc_users (id, user_uuid, domain_id, user_type, username, created_at) values (?, ?, null, 'web', ?, '2026-09-01')",
    ).bind(n, `0c${String(n).padStart(30, "0")}`, username),
    env.DB.prepare("insert into cc_memberships (user_id, domain_id, role_id) values (?, 1, ?)").bind(n, n),
    env.DB.prepare("insert into cc_api_keys (id, user_id, key_hash, created_at) values (?, ?, ?, '2026-09-01')").bind(
      n,
      n,
      await hashApiKey(key),
    ),
  ]);
  return { user: username, key };
}

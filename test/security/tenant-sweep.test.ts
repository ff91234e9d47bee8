import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, get, login } from "../helpers/http";

/**
 * Reads every operation from /openapi.json and calls it with the credentials of the wrong tenant:
 * Other Pharma's token on /flask and /data-server (with Demo Clinic ids in the body), Other
 * Pharma's token with `EDC: cc_demo` on /edc, the `other` domain's key on domain `demo`, and the
 * viewer key on CommCare location writes. Every answer must be 401, 403 or 404 and no body may hold
 * a Demo Clinic / demo-domain identifier (names, emails, and the ids of the demo domain's objects,
 * which path parameters also point at). A route added later is swept without touching this file:
 * the last test fails for any documented operation that no sweep covered and no list below excuses.
 */
const DEMO_MARKERS = [
  "Demo Clinic",
  "Demo Study",
  "Demo Registry",
  "DEMO-S0",
  "DEMO-P0",
  "admin@demo.test",
  "api@demo.test",
  "Colorado",
  "Denver",
  "South Park",
  "demo-api-key",
  "worker1@demo.commcarehq.org",
  "Denver team",
  "Denver Clinic",
];
/** Operations anyone may call: nothing tenant-specific behind them (/readyz names failing dependencies, never data). */
const PUBLIC = new Set(["POST /auth/authorize", "POST /auth/mobile-form-authorization", "GET /healthz", "GET /readyz"]);
/** Operations on the caller's own session: any valid token gets 200, so only the body is checked. */
const OWN_SESSION = new Set(["GET /auth/self", "POST /auth/logout"]);

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
};
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { name: string; in: string }[] };
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** A value for a field, chosen to point at Demo Clinic's objects wherever the name suggests an id. */
function valueFor(name: string, schema: Schema, doc: Doc, depth = 0): unknown {
  if (schema.$ref) return valueFor(name, doc.components?.schemas?.[schema.$ref.split("/").pop()!] ?? {}, doc, depth);
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return valueFor(name, alt.find((s) => s.type !== "null") ?? alt[0]!, doc, depth);
  if (schema.enum) return schema.enum[0];
  const n = name.toLowerCase();
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "array") {
    if (/stud/.test(n)) return [101];
    if (/site/.test(n)) return [1001];
    return schema.items ? [valueFor(name.replace(/s$/, ""), schema.items, doc, depth + 1)] : [];
  }
  if (type === "object" || schema.properties) return depth > 3 ? {} : bodyFor(schema, doc, depth + 1);
  if (type === "integer" || type === "number") {
    if (/site/.test(n)) return 1001;
    if (/subject/.test(n)) return 1;
    if (/user/.test(n)) return 1;
    return 101;
  }
  if (type === "boolean") return false;
  if (/email/.test(n)) return "admin@demo.test";
  if (/date/.test(n)) return "2026-10-15";
  if (/table/.test(n)) return "studies";
  if (/label/.test(n)) return "DEMO-S01-001";
  if (/site/.test(n)) return "DEMO-S01";
  if (/crf/.test(n)) return "Demographics";
  if (/event/.test(n)) return "Screening";
  if (/^id$|_id$|id$/.test(n)) return "101";
  return "x";
}

/** A body schema as bodyFor reads it: its $ref followed, and the first alternative of a oneOf/anyOf (a kind-tagged body). */
function topLevel(schema: Schema, doc: Doc): Schema {
  const s = schema.$ref ? (doc.components?.schemas?.[schema.$ref.split("/").pop()!] ?? {}) : schema;
  const alt = s.properties ? undefined : (s.oneOf ?? s.anyOf);
  return alt?.[0] ? topLevel(alt[0], doc) : s;
}

function bodyFor(schema: Schema, doc: Doc, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const idLike = /id$|ids$|_id|dbname/i.test(key);
    if (schema.required?.includes(key) || idLike) out[key] = valueFor(key, prop, doc, depth);
  }
  return out;
}

/** One id of each kind of the demo domain's objects, read from D1, for detail paths and as markers. */
async function demoDomainIds(): Promise<Record<string, string>> {
  const one = async (sql: string) => String((await env.DB.prepare(sql).first<{ id: unknown }>())?.id ?? "1");
  const domain = "(select id from cc_domains where name = 'demo')";
  return {
    application: await one(`select id from cc_applications where domain_id = ${domain} order by id limit 1`),
    form: await one(`select id from cc_forms where domain_id = ${domain} order by id limit 1`),
    case: await one(`select id from cc_cases where domain_id = ${domain} order by id limit 1`),
    location: await one(`select location_id as id from cc_locations where domain_id = ${domain} order by id limit 1`),
    location_type: await one(`select id from cc_location_types where domain_id = ${domain} order by id limit 1`),
    "bulk-user": await one(
      `select u.user_uuid as id from cc_users u join cc_memberships m on m.user_id = u.id where m.domain_id = ${domain} order by u.id limit 1`,
    ),
    user: await one(`select user_uuid as id from cc_users where domain_id = ${domain} and user_type = 'mobile' order by id limit 1`),
    "web-user": await one(
      `select u.user_uuid as id from cc_users u join cc_memberships m on m.user_id = u.id where m.domain_id = ${domain} order by u.id limit 1`,
    ),
    group: await one(`select group_uuid as id from cc_groups where domain_id = ${domain} order by id limit 1`),
  };
}

/** The demo object a CommCare detail path names: its resource is the path segment before the id. */
function fillPath(path: string, ids: Record<string, string>) {
  const resource = /\/api\/(?:v0\.\d\/)?([a-z_-]+)\//.exec(path)?.[1] ?? "";
  return path.replace("{domain}", "demo").replace(/\{[^}]*\}/g, ids[resource] ?? "1");
}

interface SweepOptions {
  filter: (path: string, method: string) => boolean;
  send: (method: string, path: string, body: unknown) => Promise<Response>;
  ids: Record<string, string>;
  /** Statuses a wrong-tenant call may get; own-session routes may answer 200 (with their own data). */
  allowed?: number[];
}

async function sweep(doc: Doc, covered: Set<string>, { filter, send, ids, allowed = [401, 403, 404] }: SweepOptions) {
  const failures: string[] = [];
  const markers = [...DEMO_MARKERS, ...Object.values(ids).filter((id) => id.length >= 8)];
  let swept = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      if (PUBLIC.has(`${m} ${path}`) || !filter(path, m)) continue;
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      const body = schema ? bodyFor(topLevel(schema, doc), doc) : m === "GET" || m === "HEAD" || m === "OPTIONS" ? undefined : {};
      const res = await send(m, fillPath(path, ids), body);
      const text = await res.text();
      swept += 1;
      covered.add(`${m} ${path}`);
      if (!allowed.includes(res.status)) failures.push(`${m} ${path}: ${res.status} ${text.slice(0, 200)}`);
      const leaked = markers.filter((marker) => text.includes(marker));
      if (leaked.length) failures.push(`${m} ${path}: body contains ${leaked.join(", ")}`);
    }
  }
  return { failures, swept };
}

describe("tenant-isolation sweep over every documented operation", async () => {
  const doc = (await (await get("/openapi.json")).json()) as Doc;
  const ids = await demoDomainIds();
  const covered = new Set<string>();

  it("Other Pharma's token never reaches Demo Clinic data on /flask, /data-server, /downloads", async () => {
    const token = await login("api@other.test");
    const { failures, swept } = await sweep(doc, covered, {
      ids,
      filter: (p, m) => /^\/(flask|data-server|downloads)\//.test(p) && m !== "OPTIONS",
      send: (m, p, body) => call(m, p, body, { token }),
    });
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("Other Pharma's token on its own-session routes (/auth) shows nothing of Demo Clinic", async () => {
    const token = await login("api@other.test");
    const { failures, swept } = await sweep(doc, covered, {
      ids,
      allowed: [200],
      // logout last: it ends the session
      filter: (p, m) => OWN_SESSION.has(`${m} ${p}`) && p !== "/auth/logout",
      send: (m, p, body) => call(m, p, body, { token }),
    });
    const out = await sweep(doc, covered, {
      ids,
      allowed: [200],
      filter: (p, m) => `${m} ${p}` === "POST /auth/logout",
      send: (m, p, body) => call(m, p, body, { token }),
    });
    expect([...failures, ...out.failures]).toEqual([]);
    expect(swept + out.swept).toBe(OWN_SESSION.size);
  });

  it("Other Pharma's token with `EDC: cc_demo` gets 403 on every /edc operation", async () => {
    const token = await login("api@other.test");
    const { failures, swept } = await sweep(doc, covered, {
      ids,
      filter: (p) => p.startsWith("/edc/"),
      send: (m, p, body) => call(m, p, body, { token, edc: "cc_demo" }),
    });
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("the `other` domain's API key gets 401/403/404 on every operation of domain `demo`, detail paths naming real demo objects", async () => {
    const { failures, swept } = await sweep(doc, covered, {
      ids,
      filter: (p, m) => p.startsWith("/a/") && m !== "OPTIONS",
      send: (m, p, body) => call(m, p, body, { headers: { authorization: "ApiKey admin@other.test:other-api-key" } }),
    });
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("the viewer key (no edit_locations) gets 403 on every location write", async () => {
    const { failures, swept } = await sweep(doc, covered, {
      ids,
      filter: (p, m) => p.startsWith("/a/") && /location/.test(p) && ["POST", "PUT", "PATCH", "DELETE"].includes(m),
      send: (m, p, body) => call(m, p, body, { headers: { authorization: "ApiKey viewer@demo.test:viewer-api-key" } }),
    });
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("points detail paths at objects that exist in the demo domain", () => {
    for (const kind of ["application", "form", "case", "location", "bulk-user", "user", "web-user", "group"])
      expect(ids[kind], kind).toMatch(/^[0-9a-zA-Z-]{8,}$/);
  });

  it("left no documented operation out: each was swept above or is public", () => {
    const all = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // CommCare OPTIONS preflights answer CORS for anyone (commcare-api.md §2.1 step 3): public too.
    const unswept = all.filter((op) => !covered.has(op) && !PUBLIC.has(op) && !/^OPTIONS \/a\//.test(op));
    expect(unswept).toEqual([]);
    expect(covered.size).toBeGreaterThan(30);
  });
});

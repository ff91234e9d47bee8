import { describe, expect, it } from "vitest";
import { call, get, login } from "../helpers/http";

/**
 * Reads every operation from /openapi.json and calls it with the credentials of the wrong tenant:
 * Other Pharma's token on /flask and /data-server (with Demo Clinic ids in the body), Other
 * Pharma's token with `EDC: cc_demo` on /edc, the `other` domain's key on domain `demo`, and the
 * viewer key on CommCare location writes. Every answer must be 401, 403 or 404 and no body may hold
 * a Demo Clinic / demo-domain identifier. A route added later is swept without touching this file.
 */
const DEMO_MARKERS = ["Demo Clinic", "Demo Study", "Demo Registry", "DEMO-S0", "DEMO-P0", "admin@demo.test", "api@demo.test", "Colorado", "Denver", "South Park", "demo-api-key"];
const PUBLIC = new Set(["POST /auth/authorize", "GET /healthz"]);

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; $ref?: string; anyOf?: Schema[]; oneOf?: Schema[]; format?: string };
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

function bodyFor(schema: Schema, doc: Doc, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const idLike = /id$|ids$|_id|dbname/i.test(key);
    if (schema.required?.includes(key) || idLike) out[key] = valueFor(key, prop, doc, depth);
  }
  return out;
}

const fillPath = (path: string) =>
  path
    .replace("{domain}", "demo")
    .replace(/\{[^}]*\}/g, "1");

async function sweep(doc: Doc, filter: (path: string, method: string) => boolean, send: (method: string, path: string, body: unknown) => Promise<Response>) {
  const failures: string[] = [];
  let swept = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      if (PUBLIC.has(`${m} ${path}`) || !filter(path, m)) continue;
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      const body = schema ? bodyFor(schema, doc) : m === "GET" || m === "HEAD" || m === "OPTIONS" ? undefined : {};
      const res = await send(m, fillPath(path), body);
      const text = await res.text();
      swept += 1;
      if (![401, 403, 404].includes(res.status)) failures.push(`${m} ${path}: ${res.status} ${text.slice(0, 200)}`);
      const leaked = DEMO_MARKERS.filter((marker) => text.includes(marker));
      if (leaked.length) failures.push(`${m} ${path}: body contains ${leaked.join(", ")}`);
    }
  }
  return { failures, swept };
}

describe("tenant-isolation sweep over every documented operation", async () => {
  const doc = (await (await get("/openapi.json")).json()) as Doc;

  it("Other Pharma's token never reaches Demo Clinic data on /auth, /flask, /data-server, /downloads", async () => {
    const token = await login("api@other.test");
    const { failures, swept } = await sweep(
      doc,
      (p, m) => /^\/(flask|data-server|downloads)\//.test(p) && m !== "OPTIONS",
      (m, p, body) => call(m, p, body, { token }),
    );
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("Other Pharma's token with `EDC: cc_demo` gets 403 on every /edc operation", async () => {
    const token = await login("api@other.test");
    const { failures, swept } = await sweep(doc, (p) => p.startsWith("/edc/"), (m, p, body) => call(m, p, body, { token, edc: "cc_demo" }));
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("the `other` domain's API key gets 401/403 on every operation of domain `demo`", async () => {
    const { failures, swept } = await sweep(
      doc,
      (p, m) => p.startsWith("/a/") && m !== "OPTIONS",
      (m, p, body) => call(m, p, body, { headers: { authorization: "ApiKey admin@other.test:other-api-key" } }),
    );
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });

  it("the viewer key (no edit_locations) gets 403 on every location write", async () => {
    const { failures, swept } = await sweep(
      doc,
      (p, m) => p.startsWith("/a/") && /location/.test(p) && ["POST", "PUT", "PATCH", "DELETE"].includes(m),
      (m, p, body) => call(m, p, body, { headers: { authorization: "ApiKey viewer@demo.test:viewer-api-key" } }),
    );
    expect(failures).toEqual([]);
    expect(swept).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { call, get } from "../helpers/http";

/** Routes that serve the documentation itself. */
const DOC_ROUTES = new Set(["GET /openapi.json", "GET /swagger"]);

const toOpenApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");

type Operation = {
  operationId?: string;
  description?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: unknown; schema?: { example?: unknown; $ref?: string } }> };
  responses: Record<string, unknown>;
};
type Doc = {
  openapi: string;
  servers?: unknown[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
};

async function documentOf(): Promise<Doc> {
  const res = await get("/openapi.json");
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })),
  );

/** Every `pattern` in the document, with where it is. */
function patterns(node: unknown, at = "#"): { at: string; pattern: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => patterns(v, `${at}/${i}`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "pattern" && typeof v === "string" ? [{ at, pattern: v }] : patterns(v, `${at}/${k}`),
  );
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and describes every route the app serves", async () => {
    const doc = await documentOf();
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set(operations(doc).map((o) => o.at));
    const served = createApp()
      .routes.filter((r) => r.method !== "ALL")
      // CommCare's OPTIONS answers (Allow + CORS) are served on every URL but left out of the document.
      .filter((r) => r.method !== "OPTIONS")
      .map((r) => `${r.method} ${toOpenApiPath(r.path)}`)
      .filter((r) => !DOC_ROUTES.has(r));
    const missing = [...new Set(served)].filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    expect(served.length).toBeGreaterThan(3);
  });

  it("gives every operation a unique camelCase operationId", async () => {
    const ops = operations(await documentOf());
    expect(ops.filter((o) => !o.op.operationId).map((o) => o.at)).toEqual([]);
    const notCamel = ops.filter((o) => !/^[a-z][A-Za-z0-9]*$/.test(o.op.operationId!)).map((o) => `${o.at}: ${o.op.operationId}`);
    expect(notCamel).toEqual([]);
    const seen = new Map<string, string>();
    const collisions: string[] = [];
    for (const { at, op } of ops) {
      const first = seen.get(op.operationId!);
      if (first) collisions.push(`${op.operationId}: ${first} and ${at}`);
      else seen.set(op.operationId!, at);
    }
    expect(collisions).toEqual([]);
    expect(seen.get("authSelf")).toBe("GET /auth/self");
    expect(seen.get("commcareLocationListV2")).toBe("GET /a/{domain}/api/location/v2/");
  });

  it("gives every operation a description, its security, a 4xx answer and, with a body, an example", async () => {
    const doc = await documentOf();
    const ops = operations(doc);
    expect(ops.filter((o) => !o.op.description?.trim()).map((o) => o.at)).toEqual([]);
    expect(ops.filter((o) => !Array.isArray(o.op.security)).map((o) => o.at)).toEqual([]);
    // /healthz and /readyz take no input and have no client error answer (.redocly.lint-ignore.yaml says the same).
    const inputless = new Set(["GET /healthz", "GET /readyz"]);
    const no4xx = ops.filter((o) => !inputless.has(o.at) && !Object.keys(o.op.responses).some((s) => s.startsWith("4")));
    expect(no4xx.map((o) => o.at)).toEqual([]);
    const schemaExample = (s?: { example?: unknown; $ref?: string }) =>
      s?.example !== undefined || (s?.$ref !== undefined && doc.components.schemas[s.$ref.split("/").pop()!]?.example !== undefined);
    const hasExample = (m: { example?: unknown; examples?: unknown; schema?: { example?: unknown; $ref?: string } }) =>
      m.example !== undefined || m.examples !== undefined || schemaExample(m.schema);
    const withoutExample = ops.filter((o) => o.op.requestBody && !Object.values(o.op.requestBody.content).some(hasExample));
    expect(withoutExample.map((o) => o.at)).toEqual([]);
    const declared = new Set(doc.tags.map((t) => t.name));
    const undeclared = ops.flatMap((o) => ((o.op as { tags?: string[] }).tags ?? []).filter((t) => !declared.has(t)));
    expect(undeclared).toEqual([]);
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it("publishes only patterns that compile as JSON Schema (ECMA-262, no flags) regexes", async () => {
    const found = patterns(await documentOf());
    expect(found.length).toBeGreaterThan(10);
    const invalid = found.filter(({ pattern }) => {
      if (/\/[dgimsuvy]+$/.test(pattern)) return true; // the flags of a JS regex literal, which would be matched as text
      try {
        new RegExp(pattern);
        return false;
      } catch {
        return true;
      }
    });
    expect(invalid).toEqual([]);
  });

  it("publishes create-subject's text patterns so that they accept and refuse what the API does", async () => {
    const doc = await documentOf();
    const props = (doc.components.schemas.CreateSubjectRequest as { properties: Record<string, { pattern: string }> }).properties;
    for (const field of ["label", "secondaryLabel", "personId"]) {
      const re = new RegExp(props[field]!.pattern);
      expect(re.test("DEMO-S01-100 é 𝄞"), field).toBe(true);
      expect(re.test("DEMO\u0007"), field).toBe(false);
    }
    expect(new RegExp(props.label!.pattern).test("DEMO\u200b1")).toBe(false);
  });

  it("leaves OPTIONS out of the document while CommCare URLs still answer it", async () => {
    const doc = await documentOf();
    expect(
      operations(doc)
        .filter((o) => o.at.startsWith("OPTIONS "))
        .map((o) => o.at),
    ).toEqual([]);
    const res = await call("OPTIONS", "/a/demo/api/v0.5/form/");
    expect(res.status).toBe(200);
    expect(res.headers.get("allow")).toContain("GET");
  });

  it("serves Swagger UI at /swagger pointing at /openapi.json", async () => {
    const res = await get("/swagger");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/openapi.json");
  });
});

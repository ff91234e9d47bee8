import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { get } from "../helpers/http";

/** Routes that serve the documentation itself. */
const DOC_ROUTES = new Set(["GET /openapi.json", "GET /swagger"]);

const toOpenApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and describes every route the app serves", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const served = createApp()
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${toOpenApiPath(r.path)}`)
      .filter((r) => !DOC_ROUTES.has(r));
    const missing = [...new Set(served)].filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    expect(served.length).toBeGreaterThan(3);
  });

  it("serves Swagger UI at /swagger pointing at /openapi.json", async () => {
    const res = await get("/swagger");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/openapi.json");
  });
});

import { describe, expect, it } from "vitest";
import { get } from "../helpers/http";

// The files under /swagger-ui/ come from the static assets, which SELF.fetch does not reach (vitest-pool-workers):
// test/browser/swagger.mjs loads them, draws the page and calls the API through "Try it out" in Chromium.
describe("Swagger UI at /swagger", () => {
  it("is a page whose every script, style and icon is on this origin, with a CSP that refuses any other", async () => {
    const res = await get("/swagger");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('"/openapi.json"');
    expect(html).toContain("validatorUrl: null");
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.sort()).toEqual(["/swagger-ui/favicon-32x32.png", "/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-ui.css"]);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

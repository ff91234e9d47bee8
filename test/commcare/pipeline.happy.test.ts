import { describe, expect, it } from "vitest";
import { call } from "../helpers/http";
import { ccCall, ccGet, ccJson } from "../helpers/commcare";

describe("URL map, methods and CORS (§1, §2.1 step 3, §2.7)", () => {
  it("serves both URL schemes with the same data", async () => {
    const pairs = [
      ["v0.5/form/", "form/v1/"],
      ["v0.5/case/", "case/v1/"],
      ["v0.5/application/", "application/v1/"],
      ["v0.5/bulk-user/", "bulk-user/v1/"],
      ["v0.5/location/", "location/v1/"],
      ["v0.6/location/", "location/v2/"],
      ["v0.5/location_type/", "location_type/v1/"],
    ];
    for (const [old, neu] of pairs) {
      const a = await ccJson(`/a/demo/api/${old}`);
      const b = await ccJson(`/a/demo/api/${neu}`);
      expect(a.meta.total_count, old).toBe(b.meta.total_count);
      expect(a.objects.length, old).toBe(b.objects.length);
    }
  });

  it("needs the trailing slash; the API root and unknown resources are 404 empty", async () => {
    for (const p of ["/a/demo/api/v0.5/form", "/a/demo/api/v0.5/", "/a/demo/api/v0.5/bulk_user/"]) {
      const res = await ccGet(p);
      expect(res.status, p).toBe(404);
      expect(await res.text()).toBe("");
    }
  });

  it("405 with Allow and the methods as body for methods a URL does not have", async () => {
    const res = await ccCall("DELETE", "/a/demo/api/v0.6/location/", undefined);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST, PATCH");
    expect(await res.text()).toBe("GET, POST, PATCH");
    const type = await ccCall("POST", "/a/demo/api/v0.5/location_type/", { name: "x" });
    expect(type.status).toBe(405);
    expect(type.headers.get("allow")).toBe("GET");
    expect((await ccCall("PUT", "/a/demo/api/v0.5/location_type/1/", { name: "x" })).status).toBe(405);
    expect((await ccCall("POST", "/a/demo/api/v0.5/form/", {})).status).toBe(405);
    const detail = await ccCall("PATCH", "/a/demo/api/v0.6/location/10c0000000000000000000000000d3e0/", {});
    expect(detail.headers.get("allow")).toBe("GET, PUT");
  });

  it("405 comes before authentication", async () => {
    expect((await call("DELETE", "/a/demo/api/v0.5/form/")).status).toBe(405);
  });

  it("OPTIONS answers 200 with Allow and CORS headers, without credentials", async () => {
    const res = await call("OPTIONS", "/a/demo/api/v0.6/location/");
    expect(res.status).toBe(200);
    expect(res.headers.get("allow")).toBe("GET, POST, PATCH");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toBe("Content-Type, Authorization");
  });

  it("CORS headers and RateLimit-* on every answer, errors included", async () => {
    const ok = await ccGet("/a/demo/api/v0.5/form/");
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    expect(ok.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
    expect(ok.headers.get("ratelimit-reset")).toMatch(/^\d+$/);
    const bad = await ccGet("/a/demo/api/v0.5/form/?limit=x");
    expect(bad.headers.get("access-control-allow-origin")).toBe("*");
    expect(bad.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    expect((await call("GET", "/a/demo/api/v0.5/form/")).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("honours X-HTTP-Method-Override", async () => {
    const res = await ccCall("POST", "/a/demo/api/v0.6/location/", { objects: [] }, undefined, { "x-http-method-override": "PATCH" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual([]);
  });

  it("JSON success answers carry a charset and sorted keys; errors are plain application/json", async () => {
    const ok = await ccGet("/a/demo/api/v0.5/location_type/1/");
    expect(ok.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const text = await ok.text();
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    const bad = await ccGet("/a/demo/api/v0.5/form/?limit=x");
    expect(bad.headers.get("content-type")).toBe("application/json");
  });

  it("XML by format= or Accept; format=json beats Accept; forms stay JSON", async () => {
    const xml = await ccGet("/a/demo/api/v0.5/location_type/?format=xml&limit=1");
    expect(xml.headers.get("content-type")).toContain("application/xml");
    const body = await xml.text();
    expect(
      body.startsWith(
        "<?xml version='1.0' encoding='utf-8'?>\n<response><meta type=\"hash\"><limit type=\"integer\">1</limit><next>/a/demo/api/v0.5/location_type/?format=xml&amp;limit=1&amp;offset=1</next>",
      ),
    ).toBe(true);
    expect(body).toContain('<objects type="list"><object><administrative type="boolean">True</administrative><code>state</code>');
    expect(
      (await ccGet("/a/demo/api/v0.5/location_type/", undefined, { accept: "application/xml" })).headers.get("content-type"),
    ).toContain("xml");
    expect(
      (await ccGet("/a/demo/api/v0.5/location_type/?format=json", undefined, { accept: "application/xml" })).headers.get("content-type"),
    ).toContain("json");
    expect((await ccGet("/a/demo/api/v0.5/form/?format=xml")).headers.get("content-type")).toContain("json");
    expect((await ccGet("/a/demo/api/v0.5/form/", undefined, { accept: "text/html" })).headers.get("content-type")).toContain("json");
  });
});

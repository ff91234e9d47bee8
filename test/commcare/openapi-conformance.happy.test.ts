import { env } from "cloudflare:workers";
import { SELF } from "cloudflare:test";
import type { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { commcareRouter } from "../../src/commcare";
import { ApplicationSchema, ApplicationWithExtrasSchema } from "../../src/commcare/application/schema";
import { BulkUserFieldsSchema, BulkUserSchema } from "../../src/commcare/bulk-user/schema";
import { CaseSchema } from "../../src/commcare/case/schema";
import { FormSchema } from "../../src/commcare/form/schema";
import { apiKeyHeader, ccCall, ccError, ccGet, submit } from "../helpers/commcare";
import { BASE, get } from "../helpers/http";

/**
 * /openapi.json tells the truth about the CommCare API: every documented GET (list and detail,
 * every URL scheme) is called with the demo admin key, and its JSON body is parsed with the very zod
 * schema the route documents. The object schemas are strict (an undocumented key fails) and list
 * every served key as required (a missing key fails); where the documented schema is a union with a
 * looser branch (applications with `extras`, bulk users with `fields`), the exact branch is checked too.
 */

type Op = { method: string; path: string; status: number; json?: z.ZodType; xml: boolean; bodyDoc: boolean };

/** The documented CommCare operations, with the zod schemas of their success answers. */
function documentedOps(): Op[] {
  return commcareRouter.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== "route" || d.route.method === "options") return [];
    const [status, res] = Object.entries(d.route.responses).find(([s]) => s.startsWith("2")) ?? ["404", undefined];
    const content = res && "content" in res ? (res.content ?? {}) : {};
    return [
      {
        method: d.route.method.toUpperCase(),
        path: d.route.path,
        status: Number(status),
        json: (content["application/json"] as { schema?: z.ZodType } | undefined)?.schema,
        xml: "application/xml" in content,
        bodyDoc: d.route.request?.body !== undefined,
      },
    ];
  });
}

const one = async <T>(sql: string) => (await env.DB.prepare(sql).first<T>())!;

/** Real demo ids for every detail parameter, read from D1. */
async function demoIds(): Promise<Record<string, string[]>> {
  const app = await one<{ id: string }>("select id from cc_applications where domain_id = 1 and copy_of is null order by id limit 1");
  const build = await one<{ id: string }>("select id from cc_applications where domain_id = 1 and copy_of is not null order by id limit 1");
  const form = await one<{ id: string }>("select form_id id from cc_form_cases where domain_id = 1 order by form_id limit 1");
  const index = await one<{ child: string; parent: string }>(
    "select case_id child, referenced_id parent from cc_case_indices where domain_id = 1 order by case_id limit 1",
  );
  const locations = await env.DB.prepare(
    "select location_id id from cc_locations where domain_id = 1 and is_archived = 0 order by id",
  ).all<{ id: string }>();
  const type = await one<{ id: number }>("select id from cc_location_types where domain_id = 1 order by id desc limit 1");
  const user = await one<{ id: string }>("select user_uuid id from cc_users where domain_id = 1 order by id limit 1");
  const webUser = await one<{ id: string }>(
    "select u.user_uuid id from cc_users u join cc_memberships m on m.user_id = u.id where m.domain_id = 1 order by u.id limit 1",
  );
  const group = await one<{ id: string }>("select group_uuid id from cc_groups where domain_id = 1 order by id limit 1");
  return {
    app_id: [app.id, build.id],
    form_id: [form.id],
    case_id: [index.child, index.parent],
    location_id: locations.results.map((l) => l.id),
    id: [String(type.id)],
    user_id: [user.id],
    web_user_id: [webUser.id],
    group_id: [group.id],
  };
}

/** The concrete URLs of a documented path: the demo domain, each demo id for the detail parameter. */
function urlsOf(path: string, ids: Record<string, string[]>): string[] {
  const withDomain = path.replace("{domain}", "demo");
  const param = /\{([^}]+)\}/.exec(withDomain)?.[1];
  if (!param) return [withDomain];
  expect(ids[param], `demo ids for {${param}}`).toBeDefined();
  return ids[param]!.map((id) => withDomain.replace(`{${param}}`, encodeURIComponent(id)));
}

function expectConforms(schema: z.ZodType, body: unknown, where: string) {
  const result = schema.safeParse(body);
  expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`), where).toEqual([]);
}

async function jsonOf(url: string) {
  const res = await ccGet(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type"), url).toBe("application/json; charset=utf-8");
  return res.json() as Promise<any>;
}

const withQuery = (url: string, query: string) => `${url}${url.includes("?") ? "&" : "?"}${query}`;

/** The resource of a documented path, under either URL scheme: `v0.6/location/` and `location/v2/` are "location v2". */
function resourceOf(path: string): string {
  const [first, second] = path.replace(/^\/a\/\{domain\}\/api\//, "").split("/");
  const old = /^v0\.\d$/.test(first!);
  const name = old ? second! : first!;
  if (name !== "location") return name;
  return old ? (first === "v0.6" ? "location v2" : "location v1") : `location ${second}`;
}

/** Extra calls per resource: the parameters that change the shape (on a detail URL, list-only ones are ignored). */
const VARIANTS: Record<string, string[]> = {
  application: ["extras=true"],
  form: ["count=false", "cursor=", "cases__full=true", "count=false&limit=3&offset=3"],
  case: ["count=false", "cursor=&limit=5", "parent_cases__full=true&child_cases__full=true"],
  "bulk-user": ["fields=username&fields=email", "fields=id&fields=resource_uri&limit=2&offset=1"],
  "location v1": ["cursor=", "limit=1&offset=1"],
  "location v2": ["count=false", "cursor=", "order_by=-last_modified"],
  location_type: ["limit=1&offset=1"],
  user: ["archived=true", "cursor=&limit=2"],
  "web-user": ["cursor="],
  group: ["cursor=&limit=1"],
};

describe("OpenAPI conformance of the CommCare API", () => {
  it("documents every CommCare operation with a real schema: JSON components, no z.any()", async () => {
    const ops = documentedOps();
    expect(ops.filter((o) => o.method === "GET").length).toBe(46);
    for (const op of ops.filter((o) => o.method === "GET" && !o.path.includes("/receiver/")))
      expect(VARIANTS[resourceOf(op.path)], op.path).toBeDefined();
    const doc = (await (await get("/openapi.json")).json()) as {
      paths: Record<string, Record<string, any>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const op of ops) {
      const served = doc.paths[op.path]?.[op.method.toLowerCase()];
      expect(served, `${op.method} ${op.path} in /openapi.json`).toBeDefined();
      const content = served.responses[String(op.status)]?.content;
      if (op.path.includes("/receiver/")) {
        expect(Object.keys(content), op.path).toEqual(["text/xml"]);
        expect(Object.keys(served.requestBody.content).sort(), op.path).toEqual(["application/xml", "multipart/form-data", "text/xml"]);
        continue;
      }
      if (op.status === 404) {
        expect(op.path, "only the bulk-user detail has no success answer").toMatch(/bulk-user\/(v1\/)?\{user_id\}\/$/);
        continue;
      }
      const ref: string = content["application/json"].schema.$ref;
      expect(ref, `${op.method} ${op.path}`).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
      expect(op.bodyDoc, `${op.method} ${op.path} documents a body`).toBe(op.method !== "GET");
      if (op.bodyDoc)
        expect(served.requestBody.content["application/json"].schema.$ref, `${op.method} ${op.path} body`).toMatch(
          /^#\/components\/schemas\//,
        );
    }
  });

  it("user, web-user and group operations carry one operationId per URL scheme, unique in the document", async () => {
    const doc = (await (await get("/openapi.json")).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ path, m, id: op.operationId })));
    const ours = ids.filter((o) => o.m === "get" && /\/(v0\.5\/)?(user|web-user|group)\//.test(o.path)).map((o) => o.id);
    expect(ours.sort()).toEqual([
      "commcareGroupDetailV05",
      "commcareGroupDetailV1",
      "commcareGroupListV05",
      "commcareGroupListV1",
      "commcareUserDetailV05",
      "commcareUserDetailV1",
      "commcareUserListV05",
      "commcareUserListV1",
      "commcareWebUserDetailV05",
      "commcareWebUserDetailV1",
      "commcareWebUserListV05",
      "commcareWebUserListV1",
    ]);
    const named = ids.map((o) => o.id).filter(Boolean);
    expect(new Set(named).size).toBe(named.length);
  });

  // One request per documented operation and variant: under a loaded machine this takes longer than the default 30 s.
  it("every documented GET, on every URL scheme, serves JSON that parses with its documented schema", { timeout: 120_000 }, async () => {
    const ids = await demoIds();
    let calls = 0;
    for (const op of documentedOps().filter((o) => o.method === "GET")) {
      for (const url of urlsOf(op.path, ids)) {
        if (!op.json) {
          const res = await ccGet(url);
          expect(res.status, url).toBe(op.status);
          continue;
        }
        for (const query of ["", ...(VARIANTS[resourceOf(op.path)] ?? [])]) {
          const target = query ? withQuery(url, query) : url;
          const body = await jsonOf(target);
          expectConforms(op.json, body, target);
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(60);
  });

  // One request per documented operation and variant: under a loaded machine this takes longer than the default 30 s.
  it("XML is documented exactly where it is served; the form resource is JSON-only", { timeout: 120_000 }, async () => {
    const ids = await demoIds();
    for (const op of documentedOps().filter((o) => o.method === "GET" && o.json)) {
      const url = withQuery(urlsOf(op.path, ids)[0]!, "format=xml");
      const res = await ccGet(url);
      expect(res.status, url).toBe(200);
      const type = res.headers.get("content-type") ?? "";
      const text = await res.text();
      if (op.xml) {
        expect(type, url).toBe("application/xml; charset=utf-8");
        expect(text.startsWith("<?xml version='1.0' encoding='utf-8'?>"), url).toBe(true);
      } else {
        expect(op.path, "JSON only").toMatch(/\/form\//);
        expect(type, url).toBe("application/json; charset=utf-8");
        expectConforms(op.json!, JSON.parse(text), url);
      }
    }
  });

  it("exact shapes behind the unions: applications without extras, bulk users without and with fields", async () => {
    for (const list of ["v0.4/application/", "application/v1/"]) {
      const plain = await jsonOf(`/a/demo/api/${list}`);
      expect(plain.objects.length).toBeGreaterThan(0);
      for (const app of plain.objects) expectConforms(ApplicationSchema, app, list);
      const withExtras = await jsonOf(`/a/demo/api/${list}?extras=true`);
      for (const app of withExtras.objects) {
        expectConforms(ApplicationWithExtrasSchema, app, `${list}?extras=true`);
        expect(ApplicationSchema.safeParse(app).success, "extras adds keys").toBe(false);
        expect(app.doc_type).toBe("Application");
      }
      const detail = await jsonOf(`/a/demo/api/${list}${plain.objects[0].id}/`);
      expectConforms(ApplicationSchema, detail, "application detail");
      expect(plain.meta).toEqual({ limit: null, next: null, offset: 0, previous: null, total_count: plain.objects.length });
    }
    for (const list of ["v0.5/bulk-user/", "bulk-user/v1/"]) {
      const plain = await jsonOf(`/a/demo/api/${list}`);
      expect(plain.objects.length).toBeGreaterThan(2);
      for (const u of plain.objects) expectConforms(BulkUserSchema, u, list);
      const narrowed = await jsonOf(`/a/demo/api/${list}?fields=username&fields=email`);
      for (const u of narrowed.objects) {
        expectConforms(BulkUserFieldsSchema, u, "fields");
        expect(Object.keys(u).sort()).toEqual(["email", "username"]);
      }
      expect(narrowed.objects.length).toBe(plain.objects.length);
      expect(await ccError(await ccGet(`/a/demo/api/${list}?fields=password`))).toEqual({
        status: 400,
        error: "password is not a valid field",
      });
    }
  });

  it("optional keys appear exactly when asked for: form cases, case parents/children; count=false nulls the total", async () => {
    const forms = await jsonOf("/a/demo/api/v0.5/form/?cases__full=true&limit=50");
    expect(forms.objects.every((f: any) => Array.isArray(f.cases))).toBe(true);
    expect(forms.objects.some((f: any) => f.cases.length > 0)).toBe(true);
    expect((await jsonOf("/a/demo/api/v0.5/form/")).objects.some((f: any) => "cases" in f)).toBe(false);
    const index = await one<{ child: string; parent: string }>(
      "select case_id child, referenced_id parent from cc_case_indices where domain_id = 1 order by case_id limit 1",
    );
    const child = await jsonOf(`/a/demo/api/case/v1/${index.child}/?parent_cases__full=true`);
    expectConforms(CaseSchema, child, "child with parents");
    expect(Object.values(child.parent_cases).map((c: any) => c.id)).toContain(index.parent);
    expect(child).not.toHaveProperty("child_cases");
    const parent = await jsonOf(`/a/demo/api/case/v1/${index.parent}/?child_cases__full=true`);
    const children = Object.values(parent.child_cases) as any[];
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) expect(Object.values(c.indices).map((i: any) => i.case_id)).toContain(index.parent);
    expect(parent).not.toHaveProperty("parent_cases");
    for (const list of ["v0.5/form/", "case/v1/", "v0.6/location/"]) {
      const page = await jsonOf(`/a/demo/api/${list}?count=false&limit=2`);
      expect(page.meta.total_count, list).toBeNull();
      expect(page.meta.next, list).toMatch(/count=false&limit=2&offset=2$/);
    }
    const cursorPage = await jsonOf("/a/demo/api/location/v1/?cursor=&limit=2");
    expect(cursorPage.meta).toMatchObject({ offset: null, total_count: 3 });
    expect(FormSchema.safeParse({ ...forms.objects[0], extra: 1 }).success, "an undocumented key fails").toBe(false);
    const { received_on: _dropped, ...missing } = forms.objects[0];
    expect(FormSchema.safeParse(missing).success, "a missing key fails").toBe(false);
  });

  it("location writes answer their documented bodies; a bad body still gets the spec's message", async () => {
    const ops = documentedOps();
    const schemaOf = (method: string, path: string) => ops.find((o) => o.method === method && o.path === path)!.json!;
    const list = "/a/{domain}/api/v0.6/location/";
    const created = await ccCall("POST", "/a/demo/api/v0.6/location/", {
      name: "Conformance",
      location_type_code: "state",
      latitude: 31.1234,
      longitude: "-1.5",
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as any;
    expectConforms(schemaOf("POST", list), body, "POST");
    expect(body.latitude).toBe("31.123400000000000176214598468504846096038818359375");
    expect(created.headers.get("location")).toBe(`${BASE}/a/demo/api/v0.6/location/${body.location_id}/`);
    const put = await ccCall("PUT", `/a/demo/api/location/v2/${body.location_id}/`, { site_code: "conf_1" });
    expect(put.status).toBe(200);
    expectConforms(schemaOf("PUT", "/a/{domain}/api/location/v2/{location_id}/"), await put.json(), "PUT");
    const patch = await ccCall("PATCH", "/a/demo/api/v0.6/location/", {
      objects: [
        { location_id: body.location_id, name: "Conformance 2" },
        { name: "Conformance 3", location_type_code: "state" },
      ],
    });
    expect(patch.status).toBe(202);
    const ids = await patch.json();
    expectConforms(schemaOf("PATCH", list), ids, "PATCH");
    expect((ids as string[])[0]).toBe(body.location_id);
    const stored = await jsonOf(`/a/demo/api/v0.6/location/${body.location_id}/`);
    expectConforms(schemaOf("GET", "/a/{domain}/api/v0.6/location/{location_id}/"), stored, "GET after writes");
    expect(stored.latitude).toBe("31.1234000000");

    const raw = (method: string, text: string, type: string) =>
      SELF.fetch(`${BASE}/a/demo/api/v0.6/location/`, { method, body: text, headers: { ...apiKeyHeader(), "content-type": type } });
    expect(await ccError(await raw("POST", "{nope", "application/json"))).toEqual({ status: 400, error: "Request is not valid JSON." });
    expect((await ccError(await raw("POST", "<x/>", "text/plain"))).error).toMatch(
      /^The format indicated 'text\/plain' had no available deserialization method/,
    );
    expect(await ccError(await ccCall("POST", "/a/demo/api/v0.6/location/", { name: "Q" }))).toEqual({
      status: 400,
      error: "'name' and 'location_type_code' are required fields when creating a new location.",
    });
    expect(await ccError(await ccCall("PATCH", "/a/demo/api/v0.6/location/", {}))).toEqual({
      status: 400,
      error: "Invalid data sent: missing 'objects'",
    });
    expect(await ccError(await ccCall("PUT", `/a/demo/api/v0.6/location/${body.location_id}/`, { domain: "demo" }))).toEqual({
      status: 400,
      error: "Invalid fields were included in request: ['domain'].",
    });
  });

  it("the receiver answers as documented: raw XML and multipart → 201 OpenRosaResponse; bad input → 400 with the parser's reason", async () => {
    const xml = `<?xml version="1.0"?><data xmlns="http://demo.test/conformance"><q>1</q><n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:conf-1</n1:instanceID></n1:meta></data>`;
    const ok = await submit(xml);
    expect(ok.status).toBe(201);
    expect(ok.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await ok.text()).toContain('<message nature="submit_success">');
    const asApplicationXml = await SELF.fetch(`${BASE}/a/demo/receiver/`, {
      method: "POST",
      body: xml.replace("conf-1", "conf-2"),
      headers: { ...apiKeyHeader(), "content-type": "application/xml" },
    });
    expect(asApplicationXml.status).toBe(201);
    const multipart = new FormData();
    multipart.append("xml_submission_file", new File([xml.replace("conf-1", "conf-3")], "form.xml", { type: "text/xml" }));
    expect((await SELF.fetch(`${BASE}/a/demo/receiver/`, { method: "POST", body: multipart, headers: apiKeyHeader() })).status).toBe(201);
    const noFile = new FormData();
    noFile.append("other", "x");
    const missing = await SELF.fetch(`${BASE}/a/demo/receiver/`, { method: "POST", body: noFile, headers: apiKeyHeader() });
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await missing.text()).toContain("No XML submission found: send xml_submission_file or an XML body.");
    const bad = await submit("<data><unclosed></data>");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<message nature="processing_failure">Invalid XML: /);
  });
});

import fc from "fast-check";
import {
  mainBranch,
  resolve,
  sampleOf,
  typeOf,
  variantsOf,
  type Doc,
  type Operation,
  type Parameter,
  type Schema,
  type Variant,
} from "./fuzz-schema";

/**
 * Bad requests for one documented operation, all derived from its OpenAPI entry: wrong and missing credentials,
 * bad path and query values, malformed bodies and content types, and every field of its body schema at and past
 * its boundaries with wrong types mixed in; then random values from fast-check. Deterministic for a given seed.
 */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface FuzzCase {
  what: string;
  req: FuzzRequest;
}

export interface FuzzContext {
  doc: Doc;
  method: string;
  template: string;
  op: Operation;
  /** Headers that authenticate the family's demo caller (with `EDC:` where the family reads it). */
  auth: Record<string, string>;
  /** Bad credentials for the family, each replacing `auth`. */
  badAuth: { what: string; headers: Record<string, string> }[];
  /** A real value per path parameter, so that bad query values and bodies reach the handler. */
  pathValues: Record<string, string>;
  seed: number;
}

/** Inputs per operation, at least; the random ones from fast-check fill up to it. */
export const MIN_CASES = 30;
const RANDOM_RUNS = 6;
/** Variants that test a declared boundary: never sampled away. */
const BOUNDARY = /min|max|enum|pattern|exclusive|not a /;

/** Path segments and query values, already percent-encoded as they go on the wire. */
const RAW_VALUES: [string, string][] = [
  ["empty", ""],
  ["NUL (%00)", "%00"],
  ["malformed escape (%ZZ)", "%ZZ"],
  ["truncated escape (%E)", "%E"],
  ["invalid UTF-8 (%ED%A0%80)", "%ED%A0%80"],
  ["byte 0xFF (%FF)", "%FF"],
  ["encoded slash", "a%2Fb"],
  ["dot-dot", ".."],
  ["encoded dot-dot", "%2e%2e"],
  ["5000 characters", "x".repeat(5000)],
  ["-1", "-1"],
  ["0", "0"],
  ["huge integer", "99999999999999999999999"],
  ["1e999", "1e999"],
  ["NaN", "NaN"],
  ["quotes", "%27%22%60"],
  ["non-ASCII", encodeURIComponent("é€😀")],
  ["percent sign", "%25"],
  ["spaces", "%20%20"],
  ["JSON text", encodeURIComponent('{"a":[1,{"b":null}]}')],
  ["wildcards", encodeURIComponent("*%_?")],
];

/** Encodes a value for a URL, keeping lone surrogates (which encodeURIComponent refuses) as invalid UTF-8. */
export function encodeValue(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split("")
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return "%ED%A0%80";
        }
      })
      .join("");
  }
}

/** A deterministic pseudo-random pick of k elements, seeded by the run's seed and a salt (fast-check's own PRNG). */
function pick<T>(list: T[], k: number, seed: number): T[] {
  if (list.length <= k) return list;
  return fc.sample(fc.shuffledSubarray(list, { minLength: k, maxLength: k }), { seed, numRuns: 1 })[0]!;
}

export function hashSeed(seed: number, salt: string): number {
  let h = seed | 0;
  for (let i = 0; i < salt.length; i++) h = (Math.imul(h ^ salt.charCodeAt(i), 0x5bd1e995) + 0x9e3779b9) | 0;
  return h;
}

function parametersOf(ctx: FuzzContext): Parameter[] {
  return (ctx.op.parameters ?? []).map((p) =>
    "$ref" in p
      ? (ctx.doc.components?.parameters?.[
          String((p as { $ref: string }).$ref)
            .split("/")
            .pop()!
        ] ?? p)
      : p,
  );
}

function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? "fuzz");
}

function queryString(pairs: [string, string][]): string {
  return pairs.length ? "?" + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join("&") : "";
}

/** Sets the value at a path of keys in a deep copy (undefined deletes the key). */
function withValue(base: unknown, keys: (string | number)[], value: unknown): unknown {
  if (!keys.length) return value;
  const copy: any = Array.isArray(base) ? [...base] : { ...(base as object) };
  const [head, ...rest] = keys;
  if (!rest.length && value === undefined) {
    delete copy[head!];
    return copy;
  }
  copy[head!] = withValue(copy[head!] ?? (typeof rest[0] === "number" ? [] : {}), rest, value);
  return copy;
}

interface Pointer {
  keys: (string | number)[];
  schema: Schema;
  required: boolean;
}

/** Every field of a body schema to two levels of nesting, array items through their first element. */
function pointersOf(doc: Doc, schema: Schema, keys: (string | number)[] = [], depth = 0): Pointer[] {
  const s = mainBranch(doc, schema);
  const out: Pointer[] = [];
  if (depth > 2) return out;
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const here = [...keys, key];
    out.push({ keys: here, schema: prop, required: !!s.required?.includes(key) });
    const inner = mainBranch(doc, prop);
    if (typeOf(inner) === "object") out.push(...pointersOf(doc, inner, here, depth + 1));
    if (typeOf(inner) === "array" && inner.items) {
      const item = mainBranch(doc, inner.items);
      out.push({ keys: [...here, 0], schema: inner.items, required: false });
      if (typeOf(item) === "object") out.push(...pointersOf(doc, item, [...here, 0], depth + 1));
    }
  }
  return out;
}

const pointerText = (keys: (string | number)[]) => "/" + keys.join("/");

const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);

/** Whole bodies that are not the JSON object a JSON operation expects. */
function jsonBodyCases(base: unknown): [string, string][] {
  const text = JSON.stringify(base);
  const inner = text.length > 2 ? text.slice(1, -1) + "," : "";
  return [
    ["empty body", ""],
    ["body null", "null"],
    ["body []", "[]"],
    ["body a string", '"fuzz"'],
    ["body a number", "0"],
    ["body true", "true"],
    ["truncated JSON", text.slice(0, Math.max(1, Math.floor(text.length / 2)))],
    ["single-quoted JSON", "{'a': 1}"],
    ["trailing garbage", text + "garbage"],
    ["byte order mark", "\ufeff" + text],
    ["NaN literal", `{${inner}"fuzz":NaN}`],
    ["raw NUL byte", "\u0000" + text],
    ["NUL inside a key", `{${inner}"a\\u0000b":1}`],
    ["duplicate keys", `{${inner}${inner}"fuzz":1}`],
    ["array nested 100000 deep", deepArray(100_000)],
    ["object nested 20000 deep", deepObject(20_000)],
    ["field nested 5000 deep", `{${inner}"fuzz":${deepArray(5000)}}`],
    ["body of 1.5 MB", JSON.stringify({ ...(base as object), pad: "x".repeat(1_500_000) })],
    ["array of 200000 numbers", JSON.stringify(Array.from({ length: 200_000 }, (_, i) => i))],
    ["__proto__ key", `{${inner}"__proto__":{"polluted":true,"isAdmin":true}}`],
    ["constructor.prototype key", `{${inner}"constructor":{"prototype":{"polluted":true}}}`],
    ["extra unknown field", JSON.stringify({ ...(base as object), fuzz_extra_field: "x" })],
    ["empty object", "{}"],
  ];
}

/** Bodies for XML operations (the receiver): malformed, hostile and oversized documents, raw and in multipart. */
function xmlBodyCases(): [string, string, string][] {
  const xml = "text/xml";
  const boundary = "fuzzboundary";
  const multipart = (part: string) => `--${boundary}\r\n${part}\r\n--${boundary}--\r\n`;
  const mpType = `multipart/form-data; boundary=${boundary}`;
  return [
    ["empty XML body", xml, ""],
    ["unclosed element", xml, "<data><a>"],
    ["not XML", xml, '{"json": true}'],
    ["NUL byte in XML", xml, "<data>\u0000</data>"],
    ["XML nested 50000 deep", xml, "<a>".repeat(50_000) + "</a>".repeat(50_000)],
    ["100000 sibling elements", xml, "<data>" + "<q/>".repeat(100_000) + "</data>"],
    ["10000 attributes", xml, "<data " + Array.from({ length: 10_000 }, (_, i) => `a${i}="1"`).join(" ") + "/>"],
    [
      "billion laughs",
      xml,
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><data>&d;&d;&d;&d;</data>',
    ],
    ["external entity", xml, '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><data>&x;</data>'],
    ["unknown entity", xml, "<data>&nope;</data>"],
    ["10 MB of text", xml, "<data>" + "x".repeat(10 * 1024 * 1024) + "</data>"],
    ["CDATA left open", xml, "<data><![CDATA[ x"],
    ["bad namespace prefix", xml, "<n:data><n:meta/></n:data>"],
    ["form without meta or instanceID", xml, '<data xmlns="http://fuzz.test/f"><q>1</q></data>'],
    [
      "case block with bad attributes",
      xml,
      '<data xmlns="http://fuzz.test/f"><case xmlns="http://commcarehq.org/case/transaction/v2" ' +
        'case_id="" date_modified="not-a-date" user_id=""><create><case_type/></create><index><p case_type="x">missing</p></index></case>' +
        '<n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:fuzz-1</n1:instanceID></n1:meta></data>',
    ],
    ["multipart without boundary", "multipart/form-data", multipart("junk")],
    ["multipart with garbage", mpType, "not a multipart body"],
    ["multipart without the XML part", mpType, multipart('Content-Disposition: form-data; name="other"\r\n\r\nx')],
    [
      "multipart with unterminated part",
      mpType,
      `--${boundary}\r\nContent-Disposition: form-data; name="xml_submission_file"\r\n\r\n<data>`,
    ],
    [
      "multipart with 5000 parts",
      mpType,
      Array.from({ length: 5000 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\nx\r\n`).join("") +
        `--${boundary}--\r\n`,
    ],
    [
      "multipart with a NUL-filled file",
      mpType,
      multipart(
        'Content-Disposition: form-data; name="xml_submission_file"; filename="f.xml"\r\nContent-Type: text/xml\r\n\r\n' +
          "\u0000".repeat(1000),
      ),
    ],
    [
      "multipart with a huge header",
      mpType,
      multipart(`Content-Disposition: form-data; name="xml_submission_file"; filename="${"f".repeat(100_000)}"\r\n\r\n<data/>`),
    ],
    ["JSON content type", "application/json", "{}"],
    ["form-urlencoded", "application/x-www-form-urlencoded", "xml_submission_file=%3Cdata%2F%3E"],
  ];
}

/** The same JSON body under content types an application/json operation must not misread. */
function contentTypeCases(text: string): [string, string | undefined, string | Uint8Array][] {
  return [
    ["no content type", undefined, text],
    ["text/plain", "text/plain", text],
    ["form-urlencoded", "application/x-www-form-urlencoded", "a=1&b=%00&c[]=x"],
    ["multipart without boundary", "multipart/form-data", text],
    ["multipart with garbage", "multipart/form-data; boundary=zz", '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'],
    ["XML", "application/xml", "<a>1</a>"],
    ["JSON declared as UTF-16", "application/json; charset=utf-16", text],
    ["JSON look-alike type", "application/jsonx", text],
    ["two content types", "application/json, text/plain", text],
    ["garbage content type", "@@@/;;;=", text],
    ["invalid UTF-8 in JSON", "application/json", new Uint8Array([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
    ["octet-stream", "application/octet-stream", new Uint8Array([0, 1, 2, 255])],
  ];
}

/** Every bad request for one operation. */
export function casesFor(ctx: FuzzContext): FuzzCase[] {
  const { doc, method, template, op, auth } = ctx;
  const key = `${method} ${template}`;
  const params = parametersOf(ctx);
  const pathParams = params.filter((p) => p.in === "path");
  const queryParams = params.filter((p) => p.in === "query");
  const baseQuery: [string, string][] = queryParams.filter((p) => p.required).map((p) => [p.name, encodeValue(sampleOf(doc, p.schema))]);
  const basePathValues = Object.fromEntries(
    pathParams.map((p) => [p.name, ctx.pathValues[p.name] ?? encodeValue(p.example ?? sampleOf(doc, p.schema))]),
  );
  const content = op.requestBody?.content ?? {};
  const jsonSchema = content["application/json"]?.schema;
  const xmlOperation = !jsonSchema && Object.keys(content).some((t) => /xml|multipart/.test(t));
  const baseBody = jsonSchema ? sampleOf(doc, jsonSchema) : undefined;
  const mayHaveBody = !["GET", "HEAD", "OPTIONS"].includes(method);

  const cases: FuzzCase[] = [];
  /** One case; `type` is the content type (null: none; default: JSON when there is a body). */
  const add = (
    what: string,
    parts: {
      path?: Record<string, string>;
      query?: [string, string][];
      headers?: Record<string, string>;
      body?: string | Uint8Array | null;
      type?: string | null;
      noAuth?: boolean;
    },
  ) => {
    const headers: Record<string, string> = { ...(parts.noAuth ? {} : auth), ...(parts.headers ?? {}) };
    let body = parts.body === null ? undefined : (parts.body ?? (baseBody !== undefined ? JSON.stringify(baseBody) : undefined));
    if (!mayHaveBody) body = undefined;
    const type = parts.type === undefined ? "application/json" : parts.type;
    if (body !== undefined && type !== null) headers["content-type"] = type;
    const path = fillPath(template, { ...basePathValues, ...parts.path }) + queryString(parts.query ?? baseQuery);
    cases.push({ what, req: { method, path, headers, body } });
  };

  // Each group is sampled (seeded) to keep the run within minutes: over the operations and seeds every value is used.
  const sample = <T>(list: T[], k: number, salt: string) => pick(list, k, hashSeed(ctx.seed, `${key} ${salt}`));
  add("baseline: documented example values", {});
  const [none, ...otherAuth] = ctx.badAuth;
  for (const bad of [none!, ...sample(otherAuth, 3, "auth")]) add(`credentials: ${bad.what}`, { noAuth: true, headers: bad.headers });

  for (const p of pathParams) {
    for (const [what, raw] of sample(RAW_VALUES, 6, `path ${p.name}`)) add(`path {${p.name}}: ${what}`, { path: { [p.name]: raw } });
  }

  // Query values: every declared parameter gets a sample of the raw values and every boundary of its schema.
  for (const p of queryParams) {
    const raws = sample(RAW_VALUES, 1, `query ${p.name}`);
    for (const [what, raw] of raws) add(`query ${p.name}: ${what}`, { query: [...baseQuery.filter(([n]) => n !== p.name), [p.name, raw]] });
    const bounds = variantsOf(doc, p.schema).filter((v) => BOUNDARY.test(v.what));
    for (const v of bounds)
      add(`query ${p.name}: ${v.what}`, { query: [...baseQuery.filter(([n]) => n !== p.name), [p.name, encodeValue(v.value)]] });
    if (p.required) add(`query ${p.name}: missing`, { query: baseQuery.filter(([n]) => n !== p.name) });
  }
  const queryCases: [string, [string, string][]][] = [
    ["unknown parameter", [["fuzz_unknown", "1"]]],
    ["unknown parameter with malformed escape", [["fuzz", "%ZZ%00"]]],
    ["2000 parameters", Array.from({ length: 2000 }, (_, i): [string, string] => [`p${i}`, "1"])],
    ["16 KB value", [["fuzz", "y".repeat(16_384)]]],
    [
      "bracket syntax",
      [
        ["a[b][c]", "1"],
        ["a[]", "2"],
      ],
    ],
    ...queryParams.map((p): [string, [string, string][]] => [
      `${p.name} repeated`,
      [
        [p.name, "1"],
        [p.name, "2"],
      ],
    ]),
  ];
  for (const [what, extra] of sample(queryCases, 2, "query")) add(`query: ${what}`, { query: [...baseQuery, ...extra] });

  if (mayHaveBody && !xmlOperation) {
    const text = JSON.stringify(baseBody ?? {});
    add("body: none, no content type", { body: null, type: null });
    for (const [what, body] of sample(jsonBodyCases(baseBody ?? {}), 10, "body")) add(`body: ${what}`, { body });
    for (const [what, type, body] of sample(contentTypeCases(text), 4, "type")) add(`content type: ${what}`, { body, type: type ?? null });
  }
  if (mayHaveBody && xmlOperation) {
    for (const [what, type, body] of xmlBodyCases()) add(`XML body: ${what}`, { body, type });
  }

  // Every field of the JSON body: missing when required, wrong types, boundaries, nasty strings.
  if (mayHaveBody && jsonSchema) {
    // Top-level fields: every boundary of the schema, missing when required, and a sample of wrong types and nasty
    // strings. Nested fields share one sample of their variants.
    const pointers = pointersOf(doc, resolve(doc, jsonSchema));
    const nested: [string, (string | number)[], Variant][] = [];
    for (const ptr of pointers) {
      const where = pointerText(ptr.keys);
      const variants: Variant[] = variantsOf(doc, ptr.schema);
      if (ptr.keys.length > 1) {
        nested.push(...variants.map((v): [string, (string | number)[], Variant] => [where, ptr.keys, v]));
        continue;
      }
      if (ptr.required) add(`field ${where}: missing`, { body: JSON.stringify(withValue(baseBody, ptr.keys, undefined)) });
      const bounds = variants.filter((v) => BOUNDARY.test(v.what));
      const others = sample(
        variants.filter((v) => !BOUNDARY.test(v.what)),
        3,
        `field ${where}`,
      );
      for (const v of [...bounds, ...others])
        add(`field ${where}: ${v.what}`, { body: JSON.stringify(withValue(baseBody, ptr.keys, v.value)) });
    }
    for (const [where, keys, v] of sample(nested, 8, "nested"))
      add(`field ${where}: ${v.what}`, { body: JSON.stringify(withValue(baseBody, keys, v.value)) });
  }

  const runs = Math.max(RANDOM_RUNS, MIN_CASES - cases.length);
  cases.push(...randomCases(ctx, runs, { basePathValues, baseQuery, baseBody, pathParams, queryParams, jsonSchema, mayHaveBody }));
  return cases;
}

/** Random values from fast-check at a random place of the request (a body field, a query or a path value). */
function randomCases(
  ctx: FuzzContext,
  runs: number,
  x: {
    basePathValues: Record<string, string>;
    baseQuery: [string, string][];
    baseBody: unknown;
    pathParams: Parameter[];
    queryParams: Parameter[];
    jsonSchema?: Schema;
    mayHaveBody: boolean;
  },
): FuzzCase[] {
  const key = `${ctx.method} ${ctx.template}`;
  const pointers = x.mayHaveBody && x.jsonSchema ? pointersOf(ctx.doc, resolve(ctx.doc, x.jsonSchema)).map((p) => p.keys) : [];
  const targets: { kind: "body" | "query" | "path"; name: string; keys?: (string | number)[] }[] = [
    ...pointers.map((keys) => ({ kind: "body" as const, name: pointerText(keys), keys })),
    ...(x.mayHaveBody && x.jsonSchema ? [{ kind: "body" as const, name: "/fuzz_extra", keys: ["fuzz_extra"] }] : []),
    ...x.queryParams.map((p) => ({ kind: "query" as const, name: p.name })),
    { kind: "query" as const, name: "fuzz_q" },
    ...x.pathParams.map((p) => ({ kind: "path" as const, name: p.name })),
  ];
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: "grapheme-composite", maxLength: 50 }),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.double(),
    fc.constantFrom("", "\u0000", "0", "-1", "null", "true", "1e400", "x".repeat(70_000)),
  );
  const picks = fc.sample(fc.tuple(fc.constantFrom(...targets), value), { seed: hashSeed(ctx.seed, `${key} random`), numRuns: runs });
  return picks.map(([target, v]) => {
    const headers: Record<string, string> = { ...ctx.auth };
    let body: string | undefined = x.mayHaveBody && x.baseBody !== undefined ? JSON.stringify(x.baseBody) : undefined;
    let query = x.baseQuery;
    let pathValues = x.basePathValues;
    if (target.kind === "body") body = JSON.stringify(withValue(x.baseBody, target.keys!, v));
    if (target.kind === "query") query = [...x.baseQuery.filter(([n]) => n !== target.name), [target.name, encodeValue(v)]];
    if (target.kind === "path") pathValues = { ...x.basePathValues, [target.name]: encodeValue(v) || "%20" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const shown = JSON.stringify(v) ?? String(v);
    return {
      what: `random (fast-check) ${target.kind} ${target.name} = ${shown.length > 120 ? shown.slice(0, 120) + `… (${shown.length} chars)` : shown}`,
      req: { method: ctx.method, path: fillPath(ctx.template, pathValues) + queryString(query), headers, body },
    };
  });
}

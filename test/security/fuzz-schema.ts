/**
 * The parts of an OpenAPI 3.1 document the fuzz test reads, and what it derives from a schema: a valid-looking
 * value (its example where it has one) and the values at and just past each of its boundaries.
 */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

export interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

/** A schema with its $ref followed and allOf merged; anyOf/oneOf keep their branches. */
export function resolve(doc: Doc, schema: Schema | undefined, seen = 0): Schema {
  if (!schema) return {};
  if (schema.$ref && seen < 20) {
    const { $ref, ...rest } = schema;
    return resolve(doc, { ...doc.components?.schemas?.[$ref.split("/").pop()!], ...rest }, seen + 1);
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return allOf.reduce<Schema>((acc, s) => {
      const r = resolve(doc, s, seen + 1);
      return {
        ...acc,
        ...r,
        properties: { ...acc.properties, ...r.properties },
        required: [...(acc.required ?? []), ...(r.required ?? [])],
      };
    }, rest);
  }
  return schema;
}

/** The first non-null branch of a union, resolved: what a valid value of the field most plausibly is. */
export function mainBranch(doc: Doc, schema: Schema | undefined): Schema {
  const s = resolve(doc, schema);
  const alt = s.anyOf ?? s.oneOf;
  if (!alt) return s;
  return mainBranch(doc, alt.find((b) => resolve(doc, b).type !== "null") ?? alt[0]);
}

export function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  if (s.type) return s.type;
  if (s.properties) return "object";
  if (s.items) return "array";
  return undefined;
}

/** A value the schema accepts as far as a generator can tell: its example, default, first enum value, or a built one. */
export function sampleOf(doc: Doc, schema: Schema | undefined, depth = 0): unknown {
  const s = mainBranch(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case "object": {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(key) || depth === 0) out[key] = sampleOf(doc, prop, depth + 1);
      }
      return out;
    }
    case "array":
      return depth > 4 ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sampleOf(doc, s.items, depth + 1));
    case "integer":
    case "number":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? Math.floor(s.exclusiveMinimum) + 1 : 1);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      if (s.format === "email") return "fuzz@demo.test";
      if (s.format === "date") return "2026-01-15";
      if (s.format === "date-time") return "2026-01-15T10:00:00Z";
      if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      return "x".repeat(Math.max(1, s.minLength ?? 1));
  }
}

/** A labelled value for one field. */
export interface Variant {
  what: string;
  value: unknown;
}

const WRONG_TYPES: Variant[] = [
  { what: "null", value: null },
  { what: "a string", value: "fuzz" },
  { what: "a number", value: 12345 },
  { what: "a boolean", value: true },
  { what: "an array", value: ["fuzz"] },
  { what: "an object", value: { fuzz: 1 } },
];

const BIG = 100_000;

/** Strings every string field gets: empty, blank, NUL bytes, huge, lone surrogate, control and bidi characters. */
export const NASTY_STRINGS: Variant[] = [
  { what: "empty string", value: "" },
  { what: "blank string", value: "   " },
  { what: "NUL byte", value: "\u0000" },
  { what: "embedded NUL", value: "a\u0000b" },
  { what: `${BIG}-char string`, value: "x".repeat(BIG) },
  { what: "lone surrogate", value: "\ud800" },
  { what: "control and bidi characters", value: "\u0007\u001b[31m\u202e\ufeff\n\r\t" },
  { what: "quote and backslash", value: "'\"\\%_*?" },
];

/** Values for one field: the wrong types, and the values at and past each boundary its schema declares. */
export function variantsOf(doc: Doc, schema: Schema | undefined): Variant[] {
  const s = mainBranch(doc, schema);
  const type = typeOf(s);
  const out: Variant[] = WRONG_TYPES.filter((w) => !typeMatches(type, w.value));
  for (const value of s.enum ?? []) out.push({ what: `enum value ${JSON.stringify(value)}`, value });
  if (s.enum) out.push({ what: "value outside the enum", value: `${String(s.enum[0])}_FUZZ` });
  if (type === "string" || type === undefined) {
    out.push(...NASTY_STRINGS);
    if (s.minLength !== undefined) {
      out.push({ what: `minLength ${s.minLength}`, value: "a".repeat(s.minLength) });
      if (s.minLength > 0) out.push({ what: `minLength-1 (${s.minLength - 1})`, value: "a".repeat(s.minLength - 1) });
    }
    if (s.maxLength !== undefined) {
      out.push({ what: `maxLength ${s.maxLength}`, value: "a".repeat(s.maxLength) });
      out.push({ what: `maxLength+1 (${s.maxLength + 1})`, value: "a".repeat(s.maxLength + 1) });
    }
    if (s.pattern) out.push({ what: "string that breaks the pattern", value: "~not/the(pattern)" });
    if (s.pattern && /\\d\{4\}/.test(s.pattern)) {
      out.push({ what: "pattern-shaped impossible date", value: "2026-02-30T25:61:61.123456789+99:99" });
      out.push({ what: "pattern-shaped extreme year", value: "0000-00-00" });
    }
    if (s.format) out.push({ what: `not a ${s.format}`, value: `not-a-${s.format}@@` });
  }
  if (type === "integer" || type === "number") {
    const nums: Variant[] = [
      { what: "zero", value: 0 },
      { what: "-1", value: -1 },
      { what: "1e308", value: 1e308 },
      { what: "-1e308", value: -1e308 },
      { what: "2^53", value: 2 ** 53 },
      { what: "2^63", value: 2 ** 63 },
      { what: "numeric string", value: "1" },
    ];
    if (type === "integer") nums.push({ what: "fraction", value: 1.5 });
    if (s.minimum !== undefined) nums.push({ what: `minimum ${s.minimum}`, value: s.minimum }, { what: `minimum-1`, value: s.minimum - 1 });
    if (s.maximum !== undefined) nums.push({ what: `maximum ${s.maximum}`, value: s.maximum }, { what: `maximum+1`, value: s.maximum + 1 });
    if (s.exclusiveMinimum !== undefined) nums.push({ what: `exclusiveMinimum ${s.exclusiveMinimum}`, value: s.exclusiveMinimum });
    if (s.exclusiveMaximum !== undefined) nums.push({ what: `exclusiveMaximum ${s.exclusiveMaximum}`, value: s.exclusiveMaximum });
    out.push(...nums);
  }
  if (type === "array") {
    const item = sampleOf(doc, s.items, 1);
    out.push({ what: "empty array", value: [] }, { what: "array of nulls", value: [null, null] });
    if (s.minItems !== undefined && s.minItems > 0) out.push({ what: `minItems-1`, value: Array(s.minItems - 1).fill(item) });
    if (s.maxItems !== undefined) out.push({ what: `maxItems+1 (${s.maxItems + 1})`, value: Array(s.maxItems + 1).fill(item) });
    out.push({ what: "10000 items", value: Array(10_000).fill(item) });
  }
  if (type === "object") {
    out.push({ what: "empty object", value: {} });
    out.push({ what: "5000 keys", value: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])) });
    out.push({ what: "nested 2000 deep", value: JSON.parse('{"a":'.repeat(2000) + "1" + "}".repeat(2000)) });
  }
  return out;
}

function typeMatches(type: string | undefined, value: unknown) {
  if (type === undefined) return false;
  if (type === "integer" || type === "number") return typeof value === "number";
  if (type === "array") return Array.isArray(value);
  if (type === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  return typeof value === type;
}

import { z } from "@hono/zod-openapi";

/**
 * A request's JSON map (filters, inputVariables, CRF item values, payloads): every own key of the
 * JSON object is kept as an ordinary name, `__proto__`, `constructor` and `prototype` included, and
 * the parsed map has no prototype, so no key reaches Object.prototype or is silently dropped.
 *
 * zod's record builds its output as a plain `{}` and skips an own `__proto__` key (assigning it would
 * replace the prototype), so the map is parsed with that key escaped and handed over unescaped:
 * `__proto__` followed by n NUL characters becomes the same followed by n + 1 of them (reversible,
 * and no other key changes).
 */
const PROTO_KEY = /^__proto__\u0000*$/;

function escapeKeys(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const keys = Object.keys(input);
  if (!keys.some((k) => PROTO_KEY.test(k))) return input;
  return Object.fromEntries(keys.map((k) => [PROTO_KEY.test(k) ? `${k}\u0000` : k, (input as Record<string, unknown>)[k]]));
}

function toMap<V>(record: Record<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const key of Object.keys(record)) out[PROTO_KEY.test(key) ? key.slice(0, -1) : key] = record[key]!;
  return out;
}

/** z.record for request bodies: keys as `key` allows, values as `value`, at most `maxKeys` of them. */
export function jsonMap<V extends z.ZodType>(key: z.ZodString, value: V, maxKeys: number, what = "keys") {
  return z
    .preprocess(
      escapeKeys,
      z.record(key, value).refine((m) => Object.keys(m).length <= maxKeys, `at most ${maxKeys} ${what}`),
    )
    .transform((m) => toMap(m as Record<string, z.output<V>>));
}

/**
 * A small reading of the Lucene `query_string` of `?q=` (§3.4): whitespace-separated terms, all of
 * which must match; `field:value` restricts a term to one field; `*` and `?` are wildcards; a term
 * matches a field when it matches one of its words or the whole value (case-insensitive).
 * Wildcards are matched by `globMatches`, never by a regular expression: `q` is request input.
 */
export const SEARCH_FIELDS = ["username", "email", "first_name", "last_name"] as const;
export type SearchUser = Record<(typeof SEARCH_FIELDS)[number], string>;

/** Longer `q` answers 400: no search a person types is longer, and it bounds the matching work. */
export const MAX_QUERY_LENGTH = 256;

export interface Term {
  field: string | null;
  /** Lower-cased glob: `*` any run of characters, `?` one character. */
  glob: string;
}

/**
 * Whole-value glob match in O(value × glob) at worst, without backtracking: on a mismatch only the
 * last `*` is retried, one character further, which is enough because a later `*` can absorb
 * anything an earlier one could.
 */
export function globMatches(glob: string, value: string): boolean {
  let g = 0;
  let v = 0;
  let star = -1;
  let starV = 0;
  while (v < value.length) {
    const c = glob[g];
    if (c === "*") {
      star = g++;
      starV = v;
    } else if (c !== undefined && (c === "?" || c === value[v])) {
      g++;
      v++;
    } else if (star >= 0) {
      g = star + 1;
      v = ++starV;
    } else return false;
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}

/** Whitespace-separated tokens; a double-quoted run keeps its spaces. */
function tokens(q: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of q) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (current) out.push(current);
      current = "";
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

export function parseQuery(q: string): Term[] {
  return tokens(q)
    .filter((t) => t !== "AND" && t !== "OR")
    .map((t) => {
      const colon = t.indexOf(":");
      const field = colon > 0 ? t.slice(0, colon) : null;
      let value = colon > 0 ? t.slice(colon + 1) : t;
      if (value.startsWith('"')) value = value.slice(1);
      if (value.endsWith('"')) value = value.slice(0, -1);
      return { field, glob: value.toLowerCase() };
    });
}

export function matchesQuery(user: SearchUser, terms: Term[]): boolean {
  return terms.every((t) => {
    const fields = t.field ? (SEARCH_FIELDS as readonly string[]).filter((f) => f === t.field) : [...SEARCH_FIELDS];
    return fields.some((f) => {
      const value = (user[f as keyof SearchUser] ?? "").toLowerCase();
      return globMatches(t.glob, value) || value.split(/[\s@._-]+/).some((w) => globMatches(t.glob, w));
    });
  });
}

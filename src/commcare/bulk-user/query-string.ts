/**
 * A small reading of the Lucene `query_string` of `?q=` (§3.4): whitespace-separated terms, all of
 * which must match; `field:value` restricts a term to one field; `*` and `?` are wildcards; a term
 * matches a field when it matches one of its words or the whole value (case-insensitive).
 */
export const SEARCH_FIELDS = ["username", "email", "first_name", "last_name"] as const;
export type SearchUser = Record<(typeof SEARCH_FIELDS)[number], string>;

export interface Term {
  field: string | null;
  pattern: RegExp;
}

const toRegex = (term: string) =>
  new RegExp(`^${term.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");

export function parseQuery(q: string): Term[] {
  const tokens = q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  return tokens
    .filter((t) => !/^(AND|OR)$/.test(t))
    .map((t) => {
      const colon = t.indexOf(":");
      const field = colon > 0 ? t.slice(0, colon) : null;
      const value = (colon > 0 ? t.slice(colon + 1) : t).replace(/^"|"$/g, "");
      return { field, pattern: toRegex(value) };
    });
}

export function matchesQuery(user: SearchUser, terms: Term[]): boolean {
  return terms.every((t) => {
    const fields = t.field ? (SEARCH_FIELDS as readonly string[]).filter((f) => f === t.field) : [...SEARCH_FIELDS];
    return fields.some((f) => {
      const value = user[f as keyof SearchUser] ?? "";
      return t.pattern.test(value) || value.split(/[\s@._-]+/).some((w) => t.pattern.test(w));
    });
  });
}

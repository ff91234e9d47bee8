/**
 * A zod preprocess step for request bodies that accept other spellings of a field (flaskdata-api.md §5.1:
 * snake_case and camelCase): `aliases` maps alias → canonical key. The canonical spelling wins when both are
 * sent; the alias is dropped either way, so a strict schema sees one key. An identity entry keeps its key.
 */
export const withAliases = (aliases: Record<string, string>) => (input: unknown) => {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [alias, canonical] of Object.entries(aliases)) {
    if (alias in out && !(canonical in out)) out[canonical] = out[alias];
    if (alias !== canonical) delete out[alias];
  }
  return out;
};

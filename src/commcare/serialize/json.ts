/** JSON as tastypie writes it: keys sorted at every level (`sort_keys=True`), non-ASCII kept. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export const sortedJson = (value: unknown) => JSON.stringify(sortKeysDeep(value));

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

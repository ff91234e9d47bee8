import type { CcLocationType } from "../../db/schema/commcare";

/** Absolute detail URL of a location type under the scheme a request used (v0.5 or v1). */
export function locationTypeUrl(origin: string, domain: string, scheme: string, id: number): string {
  const typeScheme = scheme.startsWith("v0.") ? "v0.5/location_type/" : "location_type/v1/";
  return `${origin}/a/${domain}/api/${typeScheme}${id}/`;
}

/** §3.6 object. */
export function serializeLocationType(t: CcLocationType, origin: string, domain: string, scheme: string) {
  return {
    administrative: t.administrative === 1,
    code: t.code,
    domain,
    id: t.id,
    name: t.name,
    parent: t.parentTypeId === null ? null : locationTypeUrl(origin, domain, scheme, t.parentTypeId),
    resource_uri: locationTypeUrl(origin, domain, scheme, t.id),
    shares_cases: t.sharesCases === 1,
    view_descendants: t.viewDescendants === 1,
  };
}

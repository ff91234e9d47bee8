import { isoformat } from "../dates";
import { locationTypeUrl } from "../location-type/serialize";
import type { LocationRow } from "../location-v2/queries";

/** A stored location_data column as an object; anything else reads as `{}`. */
export const locationData = (json: string) => {
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
};

/** §3.5 v0.5 object: absolute URLs for itself, its type and its parent. */
export function serializeLocationV1(row: LocationRow, origin: string, listPath: string, domain: string, scheme: string) {
  const l = row.loc;
  return {
    created_at: isoformat(l.createdAt),
    domain,
    external_id: l.externalId,
    id: l.id,
    last_modified: isoformat(l.lastModified),
    latitude: l.latitude,
    location_data: locationData(l.locationData),
    location_id: l.locationId,
    location_type: locationTypeUrl(origin, domain, scheme, l.locationTypeId),
    longitude: l.longitude,
    name: l.name,
    parent: row.parentLocationId ? `${origin}${listPath}${row.parentLocationId}/` : null,
    resource_uri: `${origin}${listPath}${l.locationId}/`,
    site_code: l.siteCode,
  };
}

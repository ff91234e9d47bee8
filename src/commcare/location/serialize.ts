import { isoformat } from "../dates";
import { locationTypeUrl } from "../location-type/serialize";
import type { LocationRow } from "./queries";

const data = (json: string) => {
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
    location_data: data(l.locationData),
    location_id: l.locationId,
    location_type: locationTypeUrl(origin, domain, scheme, l.locationTypeId),
    longitude: l.longitude,
    name: l.name,
    parent: row.parentLocationId ? `${origin}${listPath}${row.parentLocationId}/` : null,
    resource_uri: `${origin}${listPath}${l.locationId}/`,
    site_code: l.siteCode,
  };
}

/** §3.7 v0.6 object (no id, no resource_uri). Overrides carry the in-memory lat/long of a write. */
export function serializeLocationV2(
  row: LocationRow,
  domain: string,
  overrides: { latitude?: string | null; longitude?: string | null } = {},
) {
  const l = row.loc;
  return {
    domain,
    last_modified: isoformat(l.lastModified),
    latitude: overrides.latitude !== undefined ? overrides.latitude : l.latitude,
    location_data: data(l.locationData),
    location_id: l.locationId,
    location_type_code: row.typeCode,
    location_type_name: row.typeName,
    longitude: overrides.longitude !== undefined ? overrides.longitude : l.longitude,
    name: l.name,
    parent_location_id: row.parentLocationId ?? "",
    site_code: l.siteCode,
  };
}

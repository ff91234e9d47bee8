import { isoformat } from "../dates";
import { locationData } from "../location-v1/serialize";
import type { LocationRow } from "./queries";

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
    location_data: locationData(l.locationData),
    location_id: l.locationId,
    location_type_code: row.typeCode,
    location_type_name: row.typeName,
    longitude: overrides.longitude !== undefined ? overrides.longitude : l.longitude,
    name: l.name,
    parent_location_id: row.parentLocationId ?? "",
    site_code: l.siteCode,
  };
}

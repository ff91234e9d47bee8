import type { CcUser } from "../../db/schema/commcare";
import type { WorkerRelations } from "./queries";

/** A stored JSON object column; anything else reads as `{}`. */
export const jsonObject = (json: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export const phoneNumbersOf = (u: CcUser): string[] => {
  try {
    const v = JSON.parse(u.phoneNumbers);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/** The fields every HQ user resource shares (`v0_1.UserResource`): default phone = the first number. */
export function baseUserFields(u: CcUser, detailBase: string) {
  const phones = phoneNumbersOf(u);
  return {
    default_phone_number: phones[0] ?? null,
    email: u.email,
    first_name: u.firstName,
    id: u.userUuid,
    last_name: u.lastName,
    phone_numbers: phones,
    resource_uri: `${detailBase}${u.userUuid}/`,
    username: u.username,
  };
}

/**
 * HQ's `user_session_data`: the custom fields, then what HQ adds from the assignment — the primary
 * location (`commcare_location_id`), all assigned ids space-separated (`commcare_location_ids`), the
 * primary location again as `commcare_primary_case_sharing_id` when its type shares cases — and
 * `commcare_project`. XML element names cannot start with a digit, so XML drops such keys.
 */
export function userData(u: CcUser, domain: string, rel: WorkerRelations, xml: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...jsonObject(u.userData), commcare_project: domain };
  const locations = rel.locations.get(u.id) ?? [];
  const primary = locations.find((l) => l.isPrimary === 1);
  if (locations.length) out.commcare_location_ids = locations.map((l) => l.locationId).join(" ");
  if (primary) {
    out.commcare_location_id = primary.locationId;
    if (primary.sharesCases === 1) out.commcare_primary_case_sharing_id = primary.locationId;
  }
  return xml ? Object.fromEntries(Object.entries(out).filter(([k]) => !/^\d/.test(k))) : out;
}

/** A mobile worker as `v0_5.CommCareUserResource` serves it. */
export function serializeWorker(u: CcUser, domain: string, detailBase: string, rel: WorkerRelations, xml: boolean) {
  const locations = rel.locations.get(u.id) ?? [];
  return {
    ...baseUserFields(u, detailBase),
    groups: rel.groups.get(u.id) ?? [],
    is_active: u.isActive === 1,
    locations: locations.map((l) => l.locationId),
    primary_location: locations.find((l) => l.isPrimary === 1)?.locationId ?? null,
    user_data: userData(u, domain, rel, xml),
  };
}

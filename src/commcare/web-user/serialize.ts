import { PERMISSIONS } from "../auth/credentials";
import { baseUserFields } from "../user/serialize";
import type { WebMember } from "./queries";

const granted = (json: string): Set<string> => {
  try {
    const v = JSON.parse(json);
    return new Set(Array.isArray(v) ? v.map(String) : []);
  } catch {
    return new Set();
  }
};

/** A web user as `v0_5.WebUserResource` serves it: its role in this domain, and that role's permissions. */
export function serializeWebUser(m: WebMember, detailBase: string) {
  const perms = granted(m.permissions);
  return {
    ...baseUserFields(m.user, detailBase),
    is_admin: m.isAdmin === 1,
    permissions: Object.fromEntries(PERMISSIONS.map((p) => [p, perms.has(p)])),
    role: m.roleName,
  };
}

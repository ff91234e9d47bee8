import type { D1Db } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import { verifyPassword } from "../../auth/password";
import { CommCareError, ccEmpty } from "../errors";
import { extractCredentials, hashApiKey, type Permission } from "./credentials";
import { findApiKey, findMembershipRole, findRole, findUserByUsername } from "./queries";

export interface Principal {
  userId: number;
  userUuid: string;
  username: string;
  isSuperuser: boolean;
}

const DIGEST_CHALLENGE = () =>
  `Digest realm="DJANGO", qop="auth", nonce="${crypto.randomUUID().replace(/-/g, "")}", opaque="${crypto.randomUUID().replace(/-/g, "")}"`;

const permsOf = (json: string): Set<string> => {
  try {
    const v = JSON.parse(json);
    return new Set(Array.isArray(v) ? v.map(String) : []);
  } catch {
    return new Set();
  }
};

export interface AuthInput {
  authorization: string | undefined;
  query: URLSearchParams;
  clientIp: string | null;
}

/**
 * §2.2: authenticate (bad credentials → 401 with an empty body; Basic adds a Basic challenge, no
 * credentials a Digest one), then require a web user who is a member of the domain (or a superuser)
 * and whose role, and the key's own role and domain scope, grant `access_api` and `permission`
 * (else 403 with an empty body).
 */
export async function authenticate(db: D1Db, domain: CcDomain | null, input: AuthInput, permission: Permission): Promise<Principal> {
  const q = input.query;
  const creds = extractCredentials(input.authorization, q.getAll("username").at(-1), q.getAll("api_key").at(-1));
  let keyRoleId: number | null = null;
  let keyDomainId: number | null = null;
  let user;
  if (creds.kind === "apikey") {
    const key = await findApiKey(db, await hashApiKey(creds.key));
    user = key ? await findUserByUsername(db, creds.username) : null;
    const now = new Date().toISOString();
    const ipOk = (list: string | null) => {
      if (!list) return true;
      try {
        const ips = JSON.parse(list) as string[];
        return ips.length === 0 || (input.clientIp !== null && ips.includes(input.clientIp));
      } catch {
        return false;
      }
    };
    if (!key || !user || key.userId !== user.id || !key.isActive || !user.isActive || (key.expiresAt && key.expiresAt <= now) || !ipOk(key.ipAllowlist)) {
      throw ccEmpty(401);
    }
    keyRoleId = key.roleId;
    keyDomainId = key.domainId;
  } else if (creds.kind === "basic") {
    user = creds.username ? await findUserByUsername(db, creds.username) : null;
    const ok = user?.passwordHash && user.isActive ? await verifyPassword(creds.password, user.passwordHash) : false;
    if (!user || !ok) throw ccEmpty(401, { "WWW-Authenticate": 'Basic realm=""' });
  } else if (creds.kind === "bearer") {
    throw ccEmpty(401);
  } else {
    throw new CommCareError(401, null, { "WWW-Authenticate": DIGEST_CHALLENGE() });
  }

  if (user.userType !== "web" || !domain) throw ccEmpty(403);
  const superuser = user.isSuperuser === 1;
  let perms: Set<string>;
  if (superuser) perms = new Set(["access_api", permission]);
  else {
    const membership = await findMembershipRole(db, user.id, domain.id);
    if (!membership) throw ccEmpty(403);
    perms = permsOf(membership.permissions);
  }
  if (keyDomainId !== null && keyDomainId !== domain.id) throw ccEmpty(403);
  if (keyRoleId !== null) {
    const role = await findRole(db, keyRoleId);
    if (!role || role.domainId !== domain.id) throw ccEmpty(403);
    const keyPerms = permsOf(role.permissions);
    perms = new Set([...perms].filter((p) => keyPerms.has(p)));
  }
  if (!perms.has("access_api") || !perms.has(permission)) throw ccEmpty(403);
  return { userId: user.id, userUuid: user.userUuid, username: user.username, isSuperuser: superuser };
}

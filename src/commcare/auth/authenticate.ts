import type { D1Db } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import { checkPassword } from "../../auth/lockout";
import { loginAttemptInsert } from "../../auth/queries";
import { CommCareError, ccEmpty } from "../errors";
import { extractCredentials, hashApiKey, type Credentials, type Permission } from "./credentials";
import { apiKeyGrant, findMembershipRole, userByUsername, type ApiKeyGrant, type CcUser } from "./queries";

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
  userAgent: string | null;
  /** PBKDF2 cost of the dummy check a Basic login of an unknown user spends. */
  pbkdf2Iterations: number;
  /** The domain named by the URL (its row may not exist). */
  domainName: string;
}

/** §2.2: a locked-out user (Basic) gets 401 with this error, whatever password it sends. */
export const LOCKED_OUT_MESSAGE = "maximum password attempts exceeded";
const BASIC_CHALLENGE = { "WWW-Authenticate": 'Basic realm=""' };

/**
 * HTTP Basic with the user's password, under the lockout every password login shares (src/auth/lockout.ts,
 * one failure count per email with /auth/authorize). A wrong password → 401 empty with a Basic challenge;
 * a locked email → 401 `{"error": "maximum password attempts exceeded"}` and `Retry-After`. Each Basic
 * request is a password check but not a login, so a success is recorded in `audit_user_login` only when
 * failures preceded it in the lock window (the event a reviewer of a guessing run looks for); recording
 * every API call would bury the login audit and cost each request a write.
 */
async function basicUser(db: D1Db, username: string, password: string, input: AuthInput): Promise<CcUser> {
  if (!username) throw ccEmpty(401, BASIC_CHALLENGE);
  const now = new Date();
  const client = { ip: input.clientIp, userAgent: input.userAgent };
  const verdict = await checkPassword<CcUser>(
    db,
    { email: username, password, channel: "commcare/basic", client, now, dummyIterations: input.pbkdf2Iterations },
    // CommCare users are no Flask customer's users: their audit rows name only the email.
    {
      query: userByUsername(db, username),
      account: (u) => ({ passwordHash: u.passwordHash, active: u.isActive === 1, customerId: null, userId: null }),
    },
  );
  if (verdict.kind === "locked") {
    throw new CommCareError(401, LOCKED_OUT_MESSAGE, { ...BASIC_CHALLENGE, "Retry-After": String(verdict.retryAfter) });
  }
  if (verdict.kind === "failed") throw ccEmpty(401, BASIC_CHALLENGE);
  if (verdict.failuresInWindow > 0) {
    const success = { email: username, outcome: "success", channel: "commcare/basic", customerId: null, userId: null, ...client } as const;
    await loginAttemptInsert(db, success, now);
  }
  return verdict.user;
}

const ipAllowed = (list: string | null, clientIp: string | null) => {
  if (!list) return true;
  try {
    const ips = JSON.parse(list) as string[];
    return ips.length === 0 || (clientIp !== null && ips.includes(clientIp));
  } catch {
    return false;
  }
};

/**
 * §2.2 for an API key, judged from its one-statement grant row (`apiKeyGrant`): a key or user that is
 * missing, not the key's owner, inactive, expired or outside the key's IP allowlist → 401 empty; then
 * the domain checks of `authorize`.
 */
export function decideApiKey(g: ApiKeyGrant | null, domain: CcDomain | null, clientIp: string | null, permission: Permission): Principal {
  const now = new Date().toISOString();
  if (
    !g ||
    g.userId === null ||
    g.keyUserId !== g.userId ||
    !g.keyActive ||
    !g.userActive ||
    (g.keyExpiresAt && g.keyExpiresAt <= now) ||
    !ipAllowed(g.keyIpAllowlist, clientIp)
  ) {
    throw ccEmpty(401);
  }
  return authorize(
    { id: g.userId, userUuid: g.userUuid!, username: g.username!, userType: g.userType!, isSuperuser: g.isSuperuser! },
    domain,
    permission,
    () => (g.memberPermissions === null ? null : { permissions: g.memberPermissions }),
    g.keyDomainId,
    g.keyRoleId === null
      ? null
      : { found: g.keyRoleFound !== null, domainId: g.keyRoleDomainId, permissions: g.keyRolePermissions ?? "[]" },
  );
}

type AuthUser = Pick<CcUser, "id" | "userUuid" | "username" | "userType" | "isSuperuser">;
type KeyRole = { found: boolean; domainId: number | null; permissions: string };

/**
 * A web user who is a member of the domain (or a superuser), whose role, and the key's own role and
 * domain scope, grant `access_api` and `permission`; else 403 with an empty body.
 */
function authorize(
  user: AuthUser,
  domain: CcDomain | null,
  permission: Permission,
  membership: () => { permissions: string } | null,
  keyDomainId: number | null,
  keyRole: KeyRole | null,
): Principal {
  if (user.userType !== "web" || !domain) throw ccEmpty(403);
  const superuser = user.isSuperuser === 1;
  let perms: Set<string>;
  if (superuser) perms = new Set(["access_api", permission]);
  else {
    const m = membership();
    if (!m) throw ccEmpty(403);
    perms = permsOf(m.permissions);
  }
  if (keyDomainId !== null && keyDomainId !== domain.id) throw ccEmpty(403);
  if (keyRole !== null) {
    if (!keyRole.found || keyRole.domainId !== domain.id) throw ccEmpty(403);
    const keyPerms = permsOf(keyRole.permissions);
    perms = new Set([...perms].filter((p) => keyPerms.has(p)));
  }
  if (!perms.has("access_api") || !perms.has(permission)) throw ccEmpty(403);
  return { userId: user.id, userUuid: user.userUuid, username: user.username, isSuperuser: superuser };
}

/** The grant row of an API key in a domain (one statement), or undefined for other credentials. */
export async function apiKeyGrantOf(db: D1Db, creds: Credentials, domainName: string): Promise<ApiKeyGrant | null | undefined> {
  if (creds.kind !== "apikey") return undefined;
  return apiKeyGrant(db, await hashApiKey(creds.key), creds.username, domainName);
}

/**
 * §2.2: authenticate (bad credentials → 401 with an empty body; Basic adds a Basic challenge and the
 * lockout, no credentials a Digest one), then `authorize`. An API key is checked from its grant row,
 * read by one statement (`grant`, when the caller already started it beside the domain's look-up).
 */
export async function authenticate(
  db: D1Db,
  domain: CcDomain | null,
  input: AuthInput,
  permission: Permission,
  grant?: Promise<ApiKeyGrant | null | undefined>,
): Promise<Principal> {
  const q = input.query;
  const creds = extractCredentials(input.authorization, q.getAll("username").at(-1), q.getAll("api_key").at(-1));
  if (creds.kind === "apikey") {
    const g = await (grant ?? apiKeyGrantOf(db, creds, input.domainName));
    return decideApiKey(g ?? null, domain, input.clientIp, permission);
  }
  if (creds.kind === "bearer") throw ccEmpty(401);
  if (creds.kind !== "basic") throw new CommCareError(401, null, { "WWW-Authenticate": DIGEST_CHALLENGE() });
  const user = await basicUser(db, creds.username, creds.password, input);
  if (user.userType !== "web" || !domain) throw ccEmpty(403);
  const membership = user.isSuperuser === 1 ? null : await findMembershipRole(db, user.id, domain.id);
  return authorize(user, domain, permission, () => membership, null, null);
}

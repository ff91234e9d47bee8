import type { D1Db } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import { checkPassword } from "../../auth/lockout";
import { loginAttemptInsert } from "../../auth/queries";
import { CommCareError, ccEmpty } from "../errors";
import { extractCredentials, hashApiKey, type Permission } from "./credentials";
import { findApiKey, findMembershipRole, findRole, findUserByUsername, userByUsername, type CcUser } from "./queries";

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

/**
 * §2.2: authenticate (bad credentials → 401 with an empty body; Basic adds a Basic challenge and the
 * lockout, no credentials a Digest one), then require a web user who is a member of the domain (or a superuser)
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
    user = await basicUser(db, creds.username, creds.password, input);
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

import type { CcDomain } from "../../db/schema/commcare";
import type { Env } from "../../env";
import type { Principal } from "./authenticate";

/**
 * Edge hints of the CommCare pipeline, in KV (warm reads are served from the edge cache): a domain's
 * row by name, and what an API key (by its SHA-256) resolved to in a domain. A hint is never trusted
 * for an answer: the request reads the domain and the key's grant again, in the same round trip as
 * its own reads (src/commcare/pipeline/dispatch.ts), and answers from those. What a hint buys is that
 * this round trip can start at once; a hint found wrong is replaced or dropped by that request.
 * So a revoked key, a changed role or membership stop working on the next request, cached or not.
 *
 * Entries live SESSION_CACHE_TTL seconds (at least KV's 60), as cached Flask sessions do; only keys
 * that passed every check are remembered, so a request with an unknown key never takes the fast path.
 */
const KV_MIN_TTL = 60;
/** KV keys are at most 512 bytes; a longer domain name is never remembered. */
const MAX_KEY = 512;
const tooLong = (key: string) => new TextEncoder().encode(key).byteLength > MAX_KEY;

export interface PrincipalHint {
  /** The username the key was presented with (the key must belong to it). */
  username: string;
  principal: Principal;
}

export interface Hints {
  domain: CcDomain | null;
  principal: PrincipalHint | null;
}

export const domainHintKey = (name: string) => `cc:domain:${name}`;
export const principalHintKey = (name: string, keyHash: string) => `cc:key:${keyHash}:${name}`;

const ttl = (env: Pick<Env, "SESSION_CACHE_TTL">) => Math.max(KV_MIN_TTL, Number(env.SESSION_CACHE_TTL) || KV_MIN_TTL);

async function get<T>(env: Pick<Env, "SESSIONS">, key: string): Promise<T | null> {
  if (tooLong(key)) return null;
  try {
    return await env.SESSIONS.get<T>(key, "json");
  } catch {
    return null; // KV unreachable: the request takes the cold path, D1 answers.
  }
}

/** The domain hint and, for an API key, its principal hint in that domain (both KV reads at once). */
export async function readHints(env: Pick<Env, "SESSIONS">, domainName: string, keyHash: string | null): Promise<Hints> {
  const [domain, principal] = await Promise.all([
    get<CcDomain>(env, domainHintKey(domainName)),
    keyHash ? get<PrincipalHint>(env, principalHintKey(domainName, keyHash)) : null,
  ]);
  return { domain, principal };
}

export const sameDomain = (a: CcDomain | null, b: CcDomain | null) => JSON.stringify(a) === JSON.stringify(b);
export const samePrincipal = (a: Principal, b: Principal) =>
  a.userId === b.userId && a.userUuid === b.userUuid && a.username === b.username && a.isSuperuser === b.isSuperuser;

type KvEnv = Pick<Env, "SESSIONS" | "SESSION_CACHE_TTL">;

export async function rememberDomainHint(env: KvEnv, domain: CcDomain): Promise<void> {
  const key = domainHintKey(domain.name);
  if (!tooLong(key)) await env.SESSIONS.put(key, JSON.stringify(domain), { expirationTtl: ttl(env) });
}

export async function forgetDomainHint(env: KvEnv, name: string): Promise<void> {
  const key = domainHintKey(name);
  if (!tooLong(key)) await env.SESSIONS.delete(key);
}

export async function rememberPrincipalHint(env: KvEnv, domainName: string, keyHash: string, hint: PrincipalHint): Promise<void> {
  const key = principalHintKey(domainName, keyHash);
  if (!tooLong(key)) await env.SESSIONS.put(key, JSON.stringify(hint), { expirationTtl: ttl(env) });
}

export async function forgetPrincipalHint(env: KvEnv, domainName: string, keyHash: string): Promise<void> {
  const key = principalHintKey(domainName, keyHash);
  if (!tooLong(key)) await env.SESSIONS.delete(key);
}

import type { Context } from "hono";
import { d1 } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import { DEFAULT_ITERATIONS } from "../../auth/password";
import type { AppEnv } from "../../env";
import type { D1Db } from "../../db/d1";
import { errorFields } from "../../lib/logger";
import type { RateLimitState } from "../../lib/rate-limit";
import { authenticate, decideApiKey, type AuthInput, type Principal } from "../auth/authenticate";
import { extractCredentials, hashApiKey } from "../auth/credentials";
import {
  forgetDomainHint,
  forgetPrincipalHint,
  readHints,
  rememberDomainHint,
  rememberPrincipalHint,
  sameDomain,
  samePrincipal,
} from "../auth/hints";
import { apiKeyGrant, findDomain } from "../auth/queries";
import { CommCareError, ccEmpty } from "../errors";
import { CORS_HEADERS } from "./headers";
import { gateWrites } from "../../lib/write-gate";
import type { CcRequest, Impl, Method, ResourceDef } from "./resource";
import { admit, peekEarly, rememberDomain, spend } from "./throttle";

export const BLACKLIST_MESSAGE = "API access has been temporarily cut off due to too many requests.  To re-enable, please contact support.";
export const SUBSCRIPTION_MESSAGE = "Your current subscription does not have access to this feature";

export const hasFeature = (domain: CcDomain | null, feature: "API" | "LOCATIONS") => {
  if (!domain) return false;
  try {
    const list = JSON.parse(domain.features);
    return Array.isArray(list) && list.includes(feature);
  } catch {
    return false;
  }
};

/** tastypie honours `X-HTTP-Method-Override`. */
export const effectiveMethod = (c: Context<AppEnv>) => (c.req.header("x-http-method-override") ?? c.req.method).trim().toUpperCase();

export const allowHeader = (methods: Method[]) => methods.join(", ");

/** §2.1 steps 1–2, checked before authentication. */
function domainChecks(def: ResourceDef, domain: CcDomain | null) {
  if (def.needsLocations && !hasFeature(domain, "LOCATIONS")) throw ccEmpty(403);
  if (def.requiresApi !== false) {
    if (domain?.apiBlacklisted) throw new CommCareError(401, BLACKLIST_MESSAGE);
    if (!hasFeature(domain, "API")) throw new CommCareError(401, SUBSCRIPTION_MESSAGE);
  } else if (!domain) throw ccEmpty(404);
}

/** The hint a request took turned out not to match the rows: it is answered again from those. */
class StaleHint extends Error {}

type Settled = { ok: true; value: Response } | { ok: false; error: unknown };
const settle = (p: Promise<Response>): Promise<Settled> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error }),
  );

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Best effort, off the answer's path: KV hints only ever save round trips. */
function background(c: Context<AppEnv>, work: Promise<unknown>) {
  const quiet = work.catch((err) => c.get("logger")?.error("commcare_hint_failed", errorFields(err)));
  try {
    c.executionCtx.waitUntil(quiet);
  } catch {
    // no execution context (a direct call): the promise runs on by itself
  }
}

/**
 * Runs the handler beside the checks still under way: its reads go at once (one round trip with the
 * checks' own reads and the limiter's spend), its writes wait (src/lib/write-gate.ts)
 * until `verdict` resolved and the budget admits the request. Any failure of the checks is the answer,
 * whatever the handler did meanwhile; otherwise the handler's answer or error is.
 */
async function guarded(
  c: Context<AppEnv>,
  impl: Impl,
  request: (db: D1Db) => CcRequest,
  verdict: Promise<CcDomain>,
  spent: Promise<RateLimitState | null>,
): Promise<Response> {
  const gate = deferred();
  const run = settle(Promise.resolve().then(() => impl(request(d1(gateWrites(c.env.DB, gate.promise))))));
  try {
    const domain = await verdict;
    admit(c, domain, await spent);
    gate.resolve();
  } catch (err) {
    gate.reject(err);
    await run;
    throw err;
  }
  const out = await run;
  if (out.ok) return out.value;
  throw out.error;
}

/**
 * The request pipeline of commcare-api.md §2.1, one function for every method of one resource URL:
 * 1 LOCATIONS privilege (403 empty) · 2 API_BLACKLIST / API privilege (401 message) ·
 * 3 OPTIONS (200 + Allow + CORS) and method check (405 + Allow) · 4 authentication and permission ·
 * 5 per-domain throttle · 6 the handler.
 *
 * The answer is always the first failing step's, as in that order; the round trips are not. An API
 * key seen valid in this domain lately (its KV hint, src/commcare/auth/hints.ts) takes the warm path:
 * the domain's row and the key's grant are read again, the budget is spent and the handler's reads
 * run, all at once (one far round trip; a write then adds its batch). Otherwise the domain and the
 * key's grant are read at once, then the spend and the handler's reads.
 */
export function dispatcher(def: ResourceDef, scheme: string, kind: "list" | "detail", impls: Partial<Record<Method, Impl>>) {
  const allowed = kind === "list" ? def.listMethods : def.detailMethods;
  return async (c: Context<AppEnv>): Promise<Response> => {
    const domainName = c.req.param("domain") ?? "";
    const db = d1(c.env.DB);
    const url = new URL(c.req.url);
    const method = effectiveMethod(c);
    const allow = allowHeader(allowed);
    const impl = method !== "OPTIONS" && (allowed as string[]).includes(method) ? impls[method as Method] : undefined;
    const creds = extractCredentials(
      c.req.header("authorization"),
      url.searchParams.getAll("username").at(-1),
      url.searchParams.getAll("api_key").at(-1),
    );
    const keyHash = impl && creds.kind === "apikey" ? await hashApiKey(creds.key) : null;
    const hints = await readHints(c.env, domainName, keyHash);
    const input: AuthInput = {
      authorization: c.req.header("authorization"),
      query: url.searchParams,
      clientIp: c.req.header("cf-connecting-ip") ?? null,
      userAgent: c.req.header("user-agent") ?? null,
      pbkdf2Iterations: Number(c.env.PBKDF2_ITERATIONS) || DEFAULT_ITERATIONS,
      domainName,
    };
    const request =
      (domain: CcDomain, principal: Principal) =>
      (reqDb: D1Db): CcRequest => ({
        c,
        db: reqDb,
        domain,
        principal,
        query: url.searchParams,
        listPath: `/a/${domain.name}/${def.prefix ?? "api/"}${scheme}`,
        origin: url.origin,
        pk: kind === "detail" ? (c.req.param(def.detailParam) ?? "") : null,
        scheme,
      });
    const grantOf = () =>
      keyHash && creds.kind === "apikey" ? apiKeyGrant(db, keyHash, creds.username, domainName) : Promise.resolve(undefined);

    const hinted = hints.principal;
    if (impl && keyHash && creds.kind === "apikey" && hints.domain && hinted && hinted.username === creds.username) {
      const hint = { domain: hints.domain, principal: hinted.principal };
      const rows = Promise.all([findDomain(db, domainName), grantOf()]);
      const spent = spend(c, hint.domain);
      let fresh: { domain: CcDomain; principal: Principal } | null = null;
      const verdict = rows.then(([domain, grant]) => {
        rememberDomain(c.req.raw, domain);
        if (!sameDomain(domain, hint.domain))
          background(c, domain ? rememberDomainHint(c.env, domain) : forgetDomainHint(c.env, domainName));
        domainChecks(def, domain);
        const principal = decideApiKey(grant ?? null, domain, input.clientIp, def.permission);
        fresh = { domain: domain!, principal };
        if (domain!.id !== hint.domain.id || domain!.name !== hint.domain.name || !samePrincipal(principal, hint.principal))
          throw new StaleHint();
        c.set("tenant", { kind: "domain", id: domain!.name });
        return domain!;
      });
      try {
        return await guarded(c, impl, request(hint.domain, hint.principal), verdict, spent);
      } catch (err) {
        if (err instanceof StaleHint && fresh) {
          const now: { domain: CcDomain; principal: Principal } = fresh;
          background(c, rememberPrincipalHint(c.env, domainName, keyHash, { username: creds.username, principal: now.principal }));
          c.set("tenant", { kind: "domain", id: now.domain.name });
          return guarded(c, impl, request(now.domain, now.principal), Promise.resolve(now.domain), spent);
        }
        if (!c.get("rateLimit")) {
          const state = await spent;
          if (state) c.set("rateLimit", state);
        }
        background(c, forgetPrincipalHint(c.env, domainName, keyHash));
        throw err;
      }
    }

    const grant = impl ? grantOf() : undefined;
    grant?.catch(() => undefined); // awaited below unless a domain check answers first
    if (!impl && hints.domain) peekEarly(c, hints.domain);
    const domain = await findDomain(db, domainName);
    rememberDomain(c.req.raw, domain);
    if (domain && !sameDomain(domain, hints.domain)) background(c, rememberDomainHint(c.env, domain));
    domainChecks(def, domain);

    if (method === "OPTIONS") {
      return new Response(allow, {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8", Allow: allow, "Access-Control-Allow-Methods": allow, ...CORS_HEADERS },
      });
    }
    if (!impl) return new Response(allow, { status: 405, headers: { "content-type": "text/html; charset=utf-8", Allow: allow } });

    const principal = await authenticate(db, domain, input, def.permission, grant);
    c.set("tenant", { kind: "domain", id: domain!.name });
    if (keyHash && creds.kind === "apikey") {
      background(c, rememberPrincipalHint(c.env, domainName, keyHash, { username: creds.username, principal }));
    }
    return guarded(c, impl, request(domain!, principal), Promise.resolve(domain!), spend(c, domain!));
  };
}

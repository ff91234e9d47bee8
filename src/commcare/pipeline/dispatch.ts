import type { Context } from "hono";
import { d1 } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import { DEFAULT_ITERATIONS } from "../../auth/password";
import type { AppEnv } from "../../env";
import { authenticate } from "../auth/authenticate";
import { findDomain } from "../auth/queries";
import { CommCareError, ccEmpty } from "../errors";
import { CORS_HEADERS } from "./headers";
import type { Impl, Method, ResourceDef } from "./resource";
import { rememberDomain, throttle } from "./throttle";

export const BLACKLIST_MESSAGE =
  "API access has been temporarily cut off due to too many requests.  To re-enable, please contact support.";
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

/**
 * The request pipeline of commcare-api.md §2.1, one function for every method of one resource URL:
 * 1 LOCATIONS privilege (403 empty) · 2 API_BLACKLIST / API privilege (401 message) ·
 * 3 OPTIONS (200 + Allow + CORS) and method check (405 + Allow) · 4 authentication and permission ·
 * 5 per-domain throttle · 6 the handler.
 */
export function dispatcher(def: ResourceDef, scheme: string, kind: "list" | "detail", impls: Partial<Record<Method, Impl>>) {
  const allowed = kind === "list" ? def.listMethods : def.detailMethods;
  return async (c: Context<AppEnv>): Promise<Response> => {
    const domainName = c.req.param("domain") ?? "";
    const db = d1(c.env.DB);
    const domain = await findDomain(db, domainName);
    rememberDomain(c.req.raw, domain);
    if (def.needsLocations && !hasFeature(domain, "LOCATIONS")) throw ccEmpty(403);
    if (def.requiresApi !== false) {
      if (domain?.apiBlacklisted) throw new CommCareError(401, BLACKLIST_MESSAGE);
      if (!hasFeature(domain, "API")) throw new CommCareError(401, SUBSCRIPTION_MESSAGE);
    } else if (!domain) throw ccEmpty(404);

    const method = effectiveMethod(c);
    const allow = allowHeader(allowed);
    if (method === "OPTIONS") {
      return new Response(allow, {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8", Allow: allow, "Access-Control-Allow-Methods": allow, ...CORS_HEADERS },
      });
    }
    const impl = (allowed as string[]).includes(method) ? impls[method as Method] : undefined;
    if (!impl) return new Response(allow, { status: 405, headers: { "content-type": "text/html; charset=utf-8", Allow: allow } });

    const url = new URL(c.req.url);
    const principal = await authenticate(db, domain, {
      authorization: c.req.header("authorization"),
      query: url.searchParams,
      clientIp: c.req.header("cf-connecting-ip") ?? null,
      userAgent: c.req.header("user-agent") ?? null,
      pbkdf2Iterations: Number(c.env.PBKDF2_ITERATIONS) || DEFAULT_ITERATIONS,
    }, def.permission);
    c.set("tenant", { kind: "domain", id: domain!.name });
    await throttle(c, domain!);

    const pk = kind === "detail" ? (c.req.param(def.detailParam) ?? "") : null;
    return impl({
      c,
      db,
      domain: domain!,
      principal,
      query: url.searchParams,
      listPath: `/a/${domain!.name}/${def.prefix ?? "api/"}${scheme}`,
      origin: url.origin,
      pk,
      scheme,
    });
  };
}

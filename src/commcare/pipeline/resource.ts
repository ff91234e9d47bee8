import type { Context } from "hono";
import type { D1Db } from "../../db/d1";
import type { CcDomain } from "../../db/schema/commcare";
import type { AppEnv } from "../../env";
import type { Permission } from "../auth/credentials";
import type { Principal } from "../auth/authenticate";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One CommCare resource: its URLs under both schemes, methods, permission and features. */
export interface ResourceDef {
  /** Tag in OpenAPI summaries, e.g. "form". */
  name: string;
  /** List paths relative to `/a/{domain}/api/`, with trailing slash: ["v0.5/form/", "form/v1/"]. */
  paths: string[];
  permission: Permission;
  /** Locations and location types need the LOCATIONS privilege (§2.1 step 1). */
  needsLocations: boolean;
  listMethods: Method[];
  detailMethods: Method[];
  /** Path parameter name of the detail URL. */
  detailParam: string;
  /** Path prefix under `/a/{domain}/`: "api/" (default) or "" (the receiver). */
  prefix?: string;
  /** The API privilege / blacklist checks of §2.1 step 2 (default true; the receiver has none). */
  requiresApi?: boolean;
}

/** What a resource handler gets once the pipeline has passed. */
export interface CcRequest {
  c: Context<AppEnv>;
  db: D1Db;
  domain: CcDomain;
  principal: Principal;
  query: URLSearchParams;
  /** The list URL path of the scheme the request used, e.g. `/a/demo/api/v0.5/form/`. */
  listPath: string;
  /** `https://host` of the request, for absolute URLs. */
  origin: string;
  /** Detail id (undecoded path segment decoded), or null on the list URL. */
  pk: string | null;
  /** Version segment of the scheme used: "v0.5/form/" or "form/v1/". */
  scheme: string;
}

export type Impl = (r: CcRequest) => Promise<Response>;

export interface ResourceImpls {
  list: Partial<Record<Method, Impl>>;
  detail: Partial<Record<Method, Impl>>;
}

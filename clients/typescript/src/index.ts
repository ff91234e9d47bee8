/**
 * Typed TrialEdge client: openapi-fetch over the types that openapi-typescript generates from the
 * API's OpenAPI document (`npm run client:generate` rewrites schema.d.ts and ../openapi.json).
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema";

export type { components, operations, paths } from "./schema";

export interface TrialEdgeClientOptions extends ClientOptions {
  /** Token from `POST /auth/authorize` (authAuthorize), sent as `Authorization` to /auth, /edc, /flask and /data-server. */
  token?: string;
  /** The EDC database (a study's `dbname`), sent as the `EDC` header that /edc and some /flask operations need. */
  edc?: string;
  /** CommCare credentials, sent as `Authorization: ApiKey <username>:<key>` to /a/{domain}/... */
  commcareApiKey?: { username: string; key: string };
}

/** A client whose every request carries the credentials given here; make another one after logging in. */
export function createTrialEdgeClient(options: TrialEdgeClientOptions = {}): Client<paths> {
  const { token, edc, commcareApiKey, headers, ...rest } = options;
  const auth = commcareApiKey ? `ApiKey ${commcareApiKey.username}:${commcareApiKey.key}` : token;
  return createClient<paths>({
    ...rest,
    headers: { ...(auth ? { Authorization: auth } : {}), ...(edc ? { EDC: edc } : {}), ...(headers as Record<string, string> | undefined) },
  });
}

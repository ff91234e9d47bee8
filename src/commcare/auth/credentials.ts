/**
 * Which authentication a request asks for (`determine_authtype_from_header`, commcare-api.md §2.2):
 * `Basic …` → basic, `Digest …` → digest, `Bearer …` → OAuth2 (not offered here), else ApiKey when
 * credentials can be extracted (`ApiKey user:key` header or `?username=&api_key=`), else digest.
 */
export type Credentials =
  | { kind: "apikey"; username: string; key: string; inQuery: boolean }
  | { kind: "basic"; username: string; password: string }
  | { kind: "digest" }
  | { kind: "bearer" };

export function extractCredentials(authorization: string | undefined, username?: string, apiKey?: string): Credentials {
  const header = authorization?.trim() ?? "";
  const lower = header.toLowerCase();
  if (lower.startsWith("basic ")) {
    let decoded = "";
    try {
      decoded = new TextDecoder().decode(Uint8Array.from(atob(header.slice(6).trim()), (c) => c.charCodeAt(0)));
    } catch {
      return { kind: "basic", username: "", password: "" };
    }
    const colon = decoded.indexOf(":");
    if (colon < 0) return { kind: "basic", username: "", password: "" };
    return { kind: "basic", username: decoded.slice(0, colon).toLowerCase(), password: decoded.slice(colon + 1) };
  }
  if (lower.startsWith("digest ")) return { kind: "digest" };
  if (lower.startsWith("bearer ")) return { kind: "bearer" };
  if (header) {
    const space = header.indexOf(" ");
    if (space > 0 && header.slice(0, space).toLowerCase() === "apikey") {
      const rest = header.slice(space + 1).trim();
      const colon = rest.indexOf(":");
      if (colon > 0) return { kind: "apikey", username: rest.slice(0, colon), key: rest.slice(colon + 1), inQuery: false };
    }
  }
  if (username && apiKey) return { kind: "apikey", username, key: apiKey, inQuery: true };
  return { kind: "digest" };
}

/** SHA-256 hex of an API key: the only form in which keys are stored or compared. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const PERMISSIONS = ["access_api", "edit_data", "edit_commcare_users", "edit_web_users", "edit_locations"] as const;
export type Permission = (typeof PERMISSIONS)[number];

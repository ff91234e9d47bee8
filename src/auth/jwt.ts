/**
 * HS384 JWTs as FlaskData issues them (flaskdata-api.md §1.2): header {"alg":"HS384","typ":"JWT"},
 * payload {sub: <session id>, exp: <epoch ms>, iat: <epoch s>}.
 */
export interface TokenClaims {
  sub: string;
  exp: number;
  iat: number;
}

const encoder = new TextEncoder();
const HEADER = { alg: "HS384", typ: "JWT" };

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
function unb64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}
const b64urlJson = (value: unknown) => b64url(encoder.encode(JSON.stringify(value)));

function hmacKey(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-384" }, false, [usage]);
}

export async function signToken(claims: TokenClaims, secret: string): Promise<string> {
  const input = `${b64urlJson(HEADER)}.${b64urlJson(claims)}`;
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

/** `exp` is epoch ms; a value below 1e12 is read as seconds, as other issuers write it. */
export const expiryMs = (exp: number) => (exp > 1e12 ? exp : exp * 1000);

/**
 * The claims of a well-formed, correctly signed, unexpired HS384 token; null for anything else.
 * The signature is checked with `crypto.subtle.verify` (constant time) before the payload is read.
 */
export async function verifyToken(token: string, secret: string, now = Date.now()): Promise<TokenClaims | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(new TextDecoder().decode(unb64url(h)));
    if (header?.alg !== "HS384") return null;
    const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), unb64url(s), encoder.encode(`${h}.${p}`));
    if (!ok) return null;
    const claims = JSON.parse(new TextDecoder().decode(unb64url(p)));
    if (typeof claims?.sub !== "string" || typeof claims?.exp !== "number") return null;
    if (expiryMs(claims.exp) <= now) return null;
    return claims as TokenClaims;
  } catch {
    return null;
  }
}

/**
 * HMAC-signed, expiring download links (platform-notes.md §4.2): the signature covers the R2 key and
 * the expiry, so neither can be changed; verification is constant-time (`crypto.subtle.verify`).
 */
const encoder = new TextEncoder();

const b64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
function unb64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  try {
    return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
  } catch {
    return null; // a length of 4n+1 is no base64 at all: a bad link like any other (403), not a 500
  }
}

const key = (secret: string, usage: "sign" | "verify") =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
const message = (objectKey: string, expires: number) => `${objectKey}\n${expires}`;

/** R2 keys of downloadable objects: `downloads/<id>/<file name>`. */
export const downloadKey = (id: string, fileName: string) => `downloads/${id}/${fileName}`;

export async function signDownload(secret: string, objectKey: string, expires: number): Promise<string> {
  return b64url(await crypto.subtle.sign("HMAC", await key(secret, "sign"), encoder.encode(message(objectKey, expires))));
}

/** The absolute, signed URL of `GET /downloads/{id}/{name}` valid for `ttlSeconds`. */
export async function signedDownloadUrl(
  origin: string,
  secret: string,
  id: string,
  fileName: string,
  ttlSeconds: number,
  now = Date.now(),
) {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const sig = await signDownload(secret, downloadKey(id, fileName), expires);
  return `${origin}/downloads/${encodeURIComponent(id)}/${encodeURIComponent(fileName)}?expires=${expires}&sig=${sig}`;
}

/** True only for an unexpired link whose signature matches; says nothing about which part failed. */
export async function verifyDownload(
  secret: string,
  objectKey: string,
  expires: string | undefined,
  sig: string | undefined,
  now = Date.now(),
): Promise<boolean> {
  const exp = Number(expires);
  if (!expires || !/^\d{1,12}$/.test(expires) || !sig) return false;
  const bytes = unb64url(sig);
  if (!bytes) return false;
  const valid = await crypto.subtle.verify("HMAC", await key(secret, "verify"), bytes, encoder.encode(message(objectKey, exp)));
  return valid && exp * 1000 > now;
}

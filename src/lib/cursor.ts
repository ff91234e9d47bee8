/**
 * Opaque keyset cursors: the last row's sort key, as base64url of a JSON array.
 * `encodeCursor([logDate, id])` -> "WyIyMDI2LTAxLTAxIiw0Ml0"; `decodeCursor(text)` -> the array, or null
 * when the text is not a cursor this module made (bad base64url, not JSON, not an array).
 * Callers still validate each element's type before binding it.
 */
export function encodeCursor(values: readonly unknown[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(values));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string): unknown[] | null {
  if (typeof text !== "string" || text.length === 0 || text.length > 4096) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

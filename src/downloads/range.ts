/**
 * One `Range: bytes=…` request against an object of `size` bytes (RFC 9110 §14): a satisfiable
 * range, an unsatisfiable one (answered 416 with `Content-Range: bytes *\/size`), or none, which is
 * also the answer for a header this API ignores as the RFC allows (another unit, several ranges,
 * bad syntax such as `bytes=20-10`): the whole object, 200.
 */
export type ByteRange = { kind: "none" } | { kind: "unsatisfiable" } | { kind: "range"; offset: number; length: number };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): ByteRange {
  const m = header ? SINGLE.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "none" };
  if (m[1] === "") {
    // bytes=-N: the last N bytes; N = 0 (or an empty object) selects nothing.
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    const offset = Math.max(0, size - suffix);
    return { kind: "range", offset, length: size - offset };
  }
  const first = Number(m[1]);
  const last = m[2] === "" ? Infinity : Number(m[2]);
  if (last < first) return { kind: "none" };
  if (first >= size) return { kind: "unsatisfiable" };
  return { kind: "range", offset: first, length: Math.min(last, size - 1) - first + 1 };
}

import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "../../src/auth/jwt";
import { hashPassword, verifyPassword } from "../../src/auth/password";
import { LOCK_WINDOW_MS, lockEnd } from "../../src/auth/lockout";
import { tokenFromHeader } from "../../src/auth/middleware";

describe("password hashing (PBKDF2-SHA256)", () => {
  it("verifies the right password only, with a per-user salt", async () => {
    const a = await hashPassword("s3cret", 1000);
    const b = await hashPassword("s3cret", 1000);
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("s3cret", a)).toBe(true);
    expect(await verifyPassword("s3cret!", a)).toBe(false);
    expect(await verifyPassword("s3cret", "garbage")).toBe(false);
  });
});

describe("HS384 tokens", () => {
  it("round-trips and rejects expiry, other secrets and edits", async () => {
    const now = Date.now();
    const token = await signToken({ sub: "abc", exp: now + 60_000, iat: Math.floor(now / 1000) }, "k1");
    expect(await verifyToken(token, "k1", now)).toMatchObject({ sub: "abc" });
    expect(await verifyToken(token, "k2", now)).toBeNull();
    expect(await verifyToken(token, "k1", now + 61_000)).toBeNull();
    expect(await verifyToken(token.slice(0, -2) + "AA", "k1", now)).toBeNull();
  });

  it("reads exp in seconds when below 1e12, as other issuers write it", async () => {
    const now = Date.now();
    const token = await signToken({ sub: "s", exp: Math.floor(now / 1000) + 60, iat: 0 }, "k");
    expect(await verifyToken(token, "k", now)).not.toBeNull();
  });
});

describe("Authorization header", () => {
  it("takes raw, JWT and Bearer forms", () => {
    expect(tokenFromHeader("abc.def.ghi")).toBe("abc.def.ghi");
    expect(tokenFromHeader("JWT abc")).toBe("abc");
    expect(tokenFromHeader("bearer  abc ")).toBe("abc");
    expect(tokenFromHeader("")).toBeNull();
    expect(tokenFromHeader(undefined)).toBeNull();
  });
});

describe("login lockout rule", () => {
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const min = 60_000;
  it("locks at the 5th failure within 15 minutes, for 15 minutes from it", () => {
    const f = [0, 1, 2, 3, 4].map((i) => t0 + i * min);
    expect(lockEnd(f.slice(0, 4), t0 + 5 * min)).toBeNull();
    expect(lockEnd(f, t0 + 5 * min)).toBe(t0 + 4 * min + LOCK_WINDOW_MS);
    expect(lockEnd(f, t0 + 4 * min + LOCK_WINDOW_MS + 1)).toBeNull();
  });
  it("does not lock when the failures are spread wider than the window", () => {
    const f = [0, 4, 8, 12, 16].map((i) => t0 + i * min);
    expect(lockEnd(f, t0 + 17 * min)).toBeNull();
  });
});

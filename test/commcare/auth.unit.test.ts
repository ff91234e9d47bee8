import { describe, expect, it } from "vitest";
import { extractCredentials } from "../../src/commcare/auth/credentials";

describe("credentials", () => {
  it("picks the scheme like determine_authtype_from_header", () => {
    expect(extractCredentials("ApiKey a@b.c:k:1")).toEqual({ kind: "apikey", username: "a@b.c", key: "k:1", inQuery: false });
    expect(extractCredentials("APIKEY a:k")).toMatchObject({ kind: "apikey" });
    expect(extractCredentials(`Basic ${btoa("A@B.c:pw")}`)).toEqual({ kind: "basic", username: "a@b.c", password: "pw" });
    expect(extractCredentials(undefined, "u", "k")).toEqual({ kind: "apikey", username: "u", key: "k", inQuery: true });
    expect(extractCredentials("Digest x")).toEqual({ kind: "digest" });
    expect(extractCredentials("Bearer x")).toEqual({ kind: "bearer" });
    expect(extractCredentials(undefined)).toEqual({ kind: "digest" });
  });
});

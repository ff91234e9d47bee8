import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { downloadKey, signDownload, signedDownloadUrl } from "../../src/lib/signed-link";
import { BASE, get } from "../helpers/http";

const ID = "sec-0001";
const NAME = "secret.zip";
const OTHER_ID = "sec-0002";
const OTHER_NAME = "other.zip";

const pathOf = (url: string) => url.slice(BASE.length);
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  await env.FILES.put(downloadKey(ID, NAME), "the secret bytes");
  await env.FILES.put(downloadKey(OTHER_ID, OTHER_NAME), "someone else's bytes");
});

/** A 403 body without its request id: what must be identical for every kind of bad link. */
async function refusal(res: Response) {
  const text = await res.clone().text();
  const body = JSON.parse(text) as Record<string, unknown>;
  const { request_id, ...rest } = body;
  expect(typeof request_id).toBe("string");
  return { status: res.status, contentType: res.headers.get("content-type"), body: rest, leaks: text };
}

describe("GET /downloads/{id}/{name}: every bad link gets the same 403, with no hint which part failed", () => {
  it("refuses tampered signatures, tampered expiries, expired links, other keys and missing parts identically", async () => {
    const good = new URL(await signedDownloadUrl(BASE, env.DOWNLOAD_SECRET, ID, NAME, 600));
    const expires = good.searchParams.get("expires")!;
    const sig = good.searchParams.get("sig")!;
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const path = `/downloads/${ID}/${NAME}`;

    // Signed correctly, but already expired.
    const pastExp = now() - 5;
    const expiredSig = await signDownload(env.DOWNLOAD_SECRET, downloadKey(ID, NAME), pastExp);
    // Signed with another secret.
    const foreignSig = await signDownload("not-the-server-secret-0123456789abcdef", downloadKey(ID, NAME), Number(expires));
    // A valid link to another object, replayed on this object's path (and the reverse).
    const other = new URL(await signedDownloadUrl(BASE, env.DOWNLOAD_SECRET, OTHER_ID, OTHER_NAME, 600));

    const cases: Record<string, string> = {
      tamperedSig: `${path}?expires=${expires}&sig=${flip(sig)}`,
      truncatedSig: `${path}?expires=${expires}&sig=${sig.slice(0, -2)}`,
      garbageSig: `${path}?expires=${expires}&sig=%27%3B--`,
      tamperedExpiry: `${path}?expires=${Number(expires) + 3600}&sig=${sig}`,
      negativeExpiry: `${path}?expires=-1&sig=${sig}`,
      hugeExpiry: `${path}?expires=99999999999999999999&sig=${sig}`,
      expired: `${path}?expires=${pastExp}&sig=${expiredSig}`,
      foreignSecret: `${path}?expires=${expires}&sig=${foreignSig}`,
      otherKeysSig: `${path}?${other.searchParams.toString()}`,
      otherName: `/downloads/${ID}/${OTHER_NAME}?expires=${expires}&sig=${sig}`,
      otherId: `/downloads/${OTHER_ID}/${NAME}?expires=${expires}&sig=${sig}`,
      noSig: `${path}?expires=${expires}`,
      noExpiry: `${path}?sig=${sig}`,
      nothing: path,
    };
    const answers = await Promise.all(Object.entries(cases).map(async ([name, p]) => [name, await refusal(await get(p))] as const));
    const [, first] = answers[0]!;
    expect(first.status).toBe(403);
    expect(first.contentType).toBe("application/problem+json");
    for (const [name, answer] of answers) {
      expect({ name, ...answer, leaks: undefined }).toEqual({ name, ...first, leaks: undefined });
      // Nothing of the object, the key or the reason leaks into the body.
      expect(answer.leaks).not.toMatch(/secret bytes|expired|signature|sig\b|expir/i);
    }

    // The untampered link itself works, so the refusals above are about the tampering.
    const ok = await get(pathOf(good.toString()));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("the secret bytes");
  });

  it("never serves one object through another object's link, nor with a Range", async () => {
    const other = new URL(await signedDownloadUrl(BASE, env.DOWNLOAD_SECRET, OTHER_ID, OTHER_NAME, 600));
    const res = await get(`/downloads/${ID}/${NAME}?${other.searchParams.toString()}`, { headers: { range: "bytes=0-3" } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("the s");
  });

  it("needs no token, and a token does not make a bad link good", async () => {
    const { login } = await import("../helpers/http");
    const token = await login("api@demo.test");
    const res = await get(`/downloads/${ID}/${NAME}?expires=${now() + 600}&sig=AAAA`, { token });
    expect(res.status).toBe(403);
  });
});

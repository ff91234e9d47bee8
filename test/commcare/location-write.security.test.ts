import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "../helpers/http";
import { apiKeyHeader, ccCall, ccError, dumpLocations } from "../helpers/commcare";

const LIST = "/a/demo/api/v0.6/location/";
const COLORADO = "10c0000000000000000000000000c010";
const ONE_MB = 1024 * 1024;

/** R3: the body limit answers before D1 does, and every text field has a size checked first. */
describe("location v2 writes: body limit and field sizes", () => {
  it("5 MB location_data POST and 50 MB PATCH → 413 {error}, nothing written", async () => {
    const before = await dumpLocations();
    const post = await ccCall("POST", LIST, { name: "Big", location_type_code: "state", location_data: { blob: "x".repeat(5 * ONE_MB) } });
    expect(await ccError(post)).toEqual({ status: 413, error: `The request body is larger than ${ONE_MB} bytes.` });
    const patch = await ccCall("PATCH", LIST, { objects: [{ location_id: COLORADO, location_data: { blob: "x".repeat(50 * ONE_MB) } }] });
    expect(patch.status).toBe(413);
    expect(await dumpLocations()).toEqual(before);
  });

  it("a streamed body with no Content-Length is counted too", async () => {
    const chunk = new TextEncoder().encode("x".repeat(65536));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ >= 40) return c.close();
        c.enqueue(chunk);
      },
    });
    const res = await SELF.fetch(`${BASE}${LIST}`, {
      method: "POST",
      headers: { ...apiKeyHeader(), "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(413);
  });

  it("a Content-Length that understates the body does not let it through", async () => {
    const body = JSON.stringify({ name: "Lie", location_type_code: "state", location_data: { blob: "x".repeat(5 * ONE_MB) } });
    const res = await SELF.fetch(`${BASE}${LIST}`, {
      method: "POST",
      headers: { ...apiKeyHeader(), "content-type": "application/json", "content-length": "100" },
      body,
    });
    expect(res.status).toBe(413);
  });

  it("location_data, name and site_code over their sizes → 400 with the limit, nothing written", async () => {
    const before = await dumpLocations();
    const data = await ccCall("POST", LIST, { name: "D", location_type_code: "state", location_data: { blob: "x".repeat(70_000) } });
    expect(await ccError(data)).toEqual({ status: 400, error: "location_data: Ensure it is at most 65536 bytes as JSON (it has 70011)." });
    const name = await ccCall("POST", LIST, { name: "n".repeat(256), location_type_code: "state" });
    expect(await ccError(name)).toEqual({ status: 400, error: "name: Ensure this value has at most 255 characters (it has 256)." });
    const code = await ccCall("PUT", `${LIST}${COLORADO}/`, { site_code: "c".repeat(300) });
    expect(await ccError(code)).toEqual({ status: 400, error: "site_code: Ensure this value has at most 255 characters (it has 300)." });
    expect(await dumpLocations()).toEqual(before);
  });
});

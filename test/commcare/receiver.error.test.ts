import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/http";
import { CASE_NS, receiverCounts as counts, receiverForm as form } from "../helpers/receiver";
import { apiKeyHeader, submit } from "../helpers/commcare";

describe("receiver: bad submissions store nothing", () => {
  it("malformed XML → 400 with the parser's reason, nothing stored", async () => {
    const before = await counts();
    const res = await submit("<data xmlns='x'><a></b></data>");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Invalid XML: mismatched tag: line 1, column 20");
    const xxe = await submit(`<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><data>&e;</data>`);
    expect(xxe.status).toBe(400);
    expect(await xxe.text()).toContain("DOCTYPE and ENTITY declarations are not allowed");
    const badCase = await submit(form("r-bad", `<case xmlns="${CASE_NS}" case_id=""><create/></case>`));
    expect(badCase.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("a case id of another domain is refused, nothing stored", async () => {
    await env.DB.prepare(
      "insert into cc_cases (id, domain_id, modified_on, server_modified_on, indexed_on) values ('foreign-1', 2, 'x', 'x', 'x')",
    ).run();
    const before = await counts();
    const res = await submit(form("r-4", `<case xmlns="${CASE_NS}" case_id="foreign-1"><update><p>1</p></update></case>`));
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("needs credentials and edit_data; only POST", async () => {
    expect((await call("POST", "/a/demo/receiver/", "<data/>", { headers: { "content-type": "text/xml" } })).status).toBe(401);
    const get = await call("GET", "/a/demo/receiver/", undefined, { headers: apiKeyHeader() });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});

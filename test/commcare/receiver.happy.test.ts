import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/http";
import { CASE_NS, receiverCounts as counts, receiverForm as form } from "../helpers/receiver";
import { apiKeyHeader, ccGet, ccJson, OTHER_ADMIN, submit } from "../helpers/commcare";

describe("receiver: OpenRosa submissions feed the read APIs", () => {
  it("a raw XML body → 201 OpenRosaResponse; the form and its case appear in the API", async () => {
    const res = await submit(
      form(
        "r-1",
        `<case xmlns="${CASE_NS}" case_id="rc-1" date_modified="2026-11-02T10:00:00.000000Z" user_id="u1"><create><case_type>patient</case_type><case_name>Pat</case_name><owner_id>o1</owner_id></create><update><dob>2000-01-01</dob></update></case>`,
      ),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toContain("xml");
    expect(await res.text()).toBe(
      '<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="submit_success">   √   </message></OpenRosaResponse>',
    );
    const f = await ccJson("/a/demo/api/v0.5/form/r-1/");
    expect(f.form).toMatchObject({
      "#type": "data",
      "@xmlns": "http://demo.test/receiver",
      "@uiVersion": "1",
      q: "answer & more",
      meta: { "@xmlns": "http://openrosa.org/jr/xforms", instanceID: "uuid:r-1" },
    });
    expect(f.is_phone_submission).toBe(true);
    const c = await ccJson("/a/demo/api/v0.5/case/rc-1/");
    expect(c).toMatchObject({
      closed: false,
      date_modified: "2026-11-02T10:00:00.000000Z",
      user_id: "u1",
      opened_by: "u1",
      xform_ids: ["r-1"],
      properties: { case_type: "patient", case_name: "Pat", owner_id: "o1", dob: "2000-01-01" },
    });
    expect((await ccJson("/a/demo/api/v0.5/form/?case_id=rc-1")).objects.map((x: any) => x.id)).toEqual(["r-1"]);
    const audit = await env.DB.prepare("select actor, action from audit_trail where tenant = 'domain:demo' and entity_id = 'r-1'").first();
    expect(audit).toEqual({ actor: "ccuser:1", action: "form.receive" });
  });

  it("multipart xml_submission_file; update, index and close blocks apply", async () => {
    const body = new FormData();
    body.append(
      "xml_submission_file",
      new File(
        [
          form(
            "r-2",
            `<case xmlns="${CASE_NS}" case_id="rc-2" user_id="u2"><create><case_type>visit</case_type><case_name>V</case_name></create><index><parent case_type="patient">rc-1</parent></index></case><case xmlns="${CASE_NS}" case_id="rc-1" user_id="u2"><update><dob>1999-12-31</dob><case_name>Pat B</case_name></update><close/></case>`,
          ),
        ],
        "form.xml",
        { type: "text/xml" },
      ),
    );
    const res = await call("POST", "/a/demo/receiver/", undefined, { headers: apiKeyHeader() });
    expect(res.status).toBe(400); // no body at all
    const ok = await (await import("cloudflare:test")).SELF.fetch("https://trialedge.test/a/demo/receiver/", {
      method: "POST",
      body,
      headers: apiKeyHeader(),
    });
    expect(ok.status).toBe(201);
    const parent = await ccJson("/a/demo/api/v0.5/case/rc-1/?child_cases__full=true");
    expect(parent).toMatchObject({
      closed: true,
      closed_by: "u2",
      properties: { case_name: "Pat B", dob: "1999-12-31" },
      xform_ids: ["r-1", "r-2"],
    });
    expect(parent.child_cases.parent.case_id).toBe("rc-2");
    const child = await ccJson("/a/demo/api/v0.5/case/rc-2/");
    expect(child.indices).toEqual({ parent: { case_id: "rc-1", case_type: "patient", relationship: "child" } });
  });

  it("re-submitting the same instanceID stores nothing new and answers as before", async () => {
    const xml = form("r-3", `<case xmlns="${CASE_NS}" case_id="rc-3"><create><case_type>t</case_type></create></case>`);
    const first = await submit(xml);
    expect(first.status).toBe(201);
    const firstText = await first.text();
    const before = await counts();
    const again = await submit(xml.replace("<q>", "<q>changed "));
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(firstText);
    expect(await counts()).toEqual(before);
  });

  it("idempotence is per domain: an instanceID already used by another domain is stored under a fresh id, nothing leaks", async () => {
    const instance = "shared-instance-1";
    const inOther = await submit(
      form(instance, `<case xmlns="${CASE_NS}" case_id="other-case-1"><create><case_type>t</case_type></create></case>`),
      OTHER_ADMIN,
      "other",
    );
    expect(inOther.status).toBe(201);
    const otherText = await inOther.text();
    const before = await counts();
    const inDemo = await submit(
      form(
        instance,
        `<case xmlns="${CASE_NS}" case_id="demo-case-1"><create><case_type>t</case_type><case_name>Demo copy</case_name></create></case>`,
      ),
    );
    expect(inDemo.status).toBe(201);
    expect(await inDemo.text()).toBe(otherText); // the same answer a first submission gets: no hint of the other domain
    const after = await counts();
    expect(after.forms).toBe(before.forms + 1);
    expect(after.cases).toBe(before.cases + 1);

    // stored in demo under a new id, its instanceID kept in the form; other's form untouched
    const stored = (await ccJson("/a/demo/api/v0.5/form/?xmlns=http://demo.test/receiver&case_id=demo-case-1")).objects;
    expect(stored).toHaveLength(1);
    expect(stored[0].id).not.toBe(instance);
    expect(stored[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored[0].form.meta.instanceID).toBe(`uuid:${instance}`);
    expect((await ccJson(`/a/demo/api/v0.5/case/demo-case-1/`)).xform_ids).toEqual([stored[0].id]);
    expect((await ccGet(`/a/demo/api/v0.5/form/${instance}/`)).status).toBe(404);
    expect((await ccJson(`/a/demo/api/v0.5/form/?form.meta.instanceID=${instance}`)).objects.map((f: any) => f.id)).toEqual([stored[0].id]);
    const theirs = await ccJson(`/a/other/api/v0.5/form/${instance}/`, OTHER_ADMIN);
    expect(theirs.domain).toBe("other");
    expect((await ccJson("/a/other/api/v0.5/case/other-case-1/", OTHER_ADMIN)).xform_ids).toEqual([instance]);

    // re-submitting to demo is now a duplicate in demo: nothing new, same answer
    const again = await submit(form(instance, `<case xmlns="${CASE_NS}" case_id="demo-case-1"><update><p>changed</p></update></case>`));
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(otherText);
    expect(await counts()).toEqual(after);
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeyHeader, ccCall } from "../helpers/commcare";
import { ADMIN, flaskPost, tokenOf } from "../helpers/flask";
import { call } from "../helpers/http";

/**
 * A D1 batch that fails on its LAST statement must leave no row of the batch. Every audited write
 * puts its audit rows last in its batch (src/lib/audit/append.ts), so a trigger that aborts the
 * audit insert of requests sent with `X-Reason: fault-injection` fails exactly that statement,
 * after every data statement of the write has run inside the batch's transaction.
 */
const FAULT = { "x-reason": "fault-injection" };

const TABLES = [
  "users",
  "study_users",
  "site_users",
  "cc_locations",
  "cc_forms",
  "cc_cases",
  "cc_case_indices",
  "cc_form_cases",
  "audit_trail",
];
async function snapshot() {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    // An audit row's seq and hashes are set by its tenant's sealer whenever it runs: the rows themselves are compared.
    const columns =
      t === "audit_trail"
        ? "id, tenant, customer_id, date_created, actor, action, entity, entity_id, before_json, after_json, request_id, reason"
        : "*";
    out[t] = (await env.DB.prepare(`select ${columns} from ${t} order by rowid`).all()).results.map((r) => JSON.stringify(r));
  }
  return out;
}

const CASE_NS = "http://commcarehq.org/case/transaction/v2";
const submission = (id: string) =>
  `<?xml version="1.0"?><data xmlns="http://demo.test/fault"><q>1</q>` +
  `<case xmlns="${CASE_NS}" case_id="fault-case-${id}" user_id="u1"><create><case_type>patient</case_type><case_name>F</case_name><owner_id>o1</owner_id></create></case>` +
  `<case xmlns="${CASE_NS}" case_id="fault-child-${id}" user_id="u1"><create><case_type>visit</case_type><case_name>C</case_name></create><index><parent case_type="patient">fault-case-${id}</parent></index></case>` +
  `<n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:fault-${id}</n1:instanceID><n1:userID>u1</n1:userID></n1:meta></data>`;

describe("a D1 batch failing on its last statement leaves no row of the batch", () => {
  beforeAll(async () => {
    await tokenOf(ADMIN); // the login's own writes happen before any snapshot
    await env.DB.prepare(
      "create trigger fault_injection before insert on audit_trail when new.reason = 'fault-injection' begin select raise(abort, 'injected fault'); end",
    ).run();
  });

  const cases: [string, (headers: Record<string, string>) => Promise<number>, number][] = [
    [
      "F7 create-update-flask-study-users (a new user, study and site assignments)",
      async (headers) =>
        (
          await flaskPost(
            ADMIN,
            "/flask/study/create-update-flask-study-users",
            {
              study_id: 101,
              users: [
                { email: "study@demo.test", role: 3 },
                { email: "fault.new@demo.test", first_name: "F", last_name: "N", role: 4, site_ids: [1002] },
              ],
            },
            { headers },
          )
        ).status,
      200,
    ],
    [
      "v0.6 location bulk PATCH (two creates)",
      async (headers) => {
        const res = await ccCall(
          "PATCH",
          "/a/demo/api/v0.6/location/",
          {
            objects: [
              { name: "Fault A", location_type_code: "state" },
              { name: "Fault B", location_type_code: "state" },
            ],
          },
          undefined,
          headers,
        );
        await res.arrayBuffer();
        return res.status;
      },
      202,
    ],
    [
      "receiver submission (a form, two cases and an index)",
      async (headers) => {
        const res = await call("POST", "/a/demo/receiver/", submission("1"), {
          headers: { ...apiKeyHeader(), "content-type": "text/xml", "x-openrosa-version": "1.0", ...headers },
        });
        await res.arrayBuffer();
        return res.status;
      },
      201,
    ],
  ];

  it.each(cases)("%s", async (_name, send, okStatus) => {
    const before = await snapshot();
    expect(await send(FAULT)).toBe(500);
    expect(await snapshot()).toEqual(before);
    // The same write without the fault goes through: the injected statement was the only cause.
    expect(await send({})).toBe(okStatus);
    expect(await snapshot()).not.toEqual(before);
  });

  it("an id that stays contended answers 503 with Retry-After once the retries are spent, and stores nothing", async () => {
    // Every attempt of requests marked `contended` loses the race for a max(id)+1 id, as if other
    // writers kept inserting into the same table.
    await env.DB.prepare(
      "create trigger fault_contended before insert on audit_trail when new.reason = 'contended' begin select raise(abort, 'UNIQUE constraint failed: users.id'); end",
    ).run();
    const before = await snapshot();
    const flask = await flaskPost(
      ADMIN,
      "/flask/study/create-update-flask-study-users",
      { study_id: 101, users: [{ email: "study@demo.test", role: 3 }] },
      { headers: { "x-reason": "contended" } },
    );
    expect(flask.status).toBe(503);
    expect(flask.headers.get("retry-after")).toBe("1");
    expect(flask.json).toMatchObject({ status: 503, error: "busy" });
    const cc = await ccCall(
      "PATCH",
      "/a/demo/api/v0.6/location/",
      { objects: [{ name: "Contended", location_type_code: "state" }] },
      undefined,
      { "x-reason": "contended" },
    );
    expect(cc.status).toBe(503);
    expect(cc.headers.get("retry-after")).toBe("1");
    expect(await cc.json()).toEqual({ error: "Too many concurrent writes for this account. Retry shortly." });
    expect(await snapshot()).toEqual(before);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1, type D1Db } from "../../src/db/d1";
import { CommCareError } from "../../src/commcare/errors";
import { writeLocations } from "../../src/commcare/location-v2/write";
import type { CcRequest } from "../../src/commcare/pipeline/resource";

/**
 * Another isolate's writer commits a location between this write's read of the domain and its
 * batch (the tenant queue only orders writers of one isolate): simulated by a D1 handle whose first
 * batch is preceded by that insert. The unique site-code index then fails the batch.
 */
function racingDb(siteCode: string): D1Db {
  const db = d1(env.DB);
  let raced = false;
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key !== "batch") return Reflect.get(target, key, receiver);
      return async (statements: Parameters<D1Db["batch"]>[0]) => {
        if (!raced) {
          raced = true;
          await env.DB.prepare(
            "insert into cc_locations (id, location_id, domain_id, name, site_code, location_type_id, created_at, last_modified) values (?, ?, 1, ?, ?, 1, '2026-01-01T00:00:00.000000', '2026-01-01T00:00:00.000000')",
          )
            .bind(Math.floor(Math.random() * 1e9) + 1e10, crypto.randomUUID().replace(/-/g, ""), `Other writer ${siteCode}`, siteCode)
            .run();
        }
        return target.batch(statements);
      };
    },
  });
}

const requestWith = (db: D1Db) =>
  ({
    c: { req: { header: () => undefined }, get: () => "race-request", env },
    db,
    domain: { id: 1, name: "demo" },
    principal: { userId: 1 },
  }) as unknown as CcRequest;

describe("a site code taken by a concurrent writer after validation", () => {
  it("an explicit site code → 400 `another location already uses this site code`, nothing of this write stored", async () => {
    const db = racingDb("race-x");
    const error = await writeLocations(requestWith(db), [
      { body: { name: "Late", location_type_code: "state", site_code: "RACE-X" }, target: { mode: "create" } },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(CommCareError);
    expect((error as CommCareError).status).toBe(400);
    expect((error as CommCareError).error).toBe("another location already uses this site code");
    const rows = await env.DB.prepare("select name from cc_locations where lower(site_code) = 'race-x'").all();
    expect(rows.results).toEqual([{ name: "Other writer race-x" }]);
    expect(await env.DB.prepare("select count(*) n from cc_locations where name = 'Late'").first()).toEqual({ n: 0 });
  });

  it("a generated site code → validated again and the next free code taken", async () => {
    const db = racingDb("gen_race");
    const {
      results: [written],
    } = await writeLocations(requestWith(db), [{ body: { name: "Gen Race", location_type_code: "state" }, target: { mode: "create" } }]);
    expect(written!.node.siteCode).toBe("gen_race1");
    const stored = await env.DB.prepare("select site_code from cc_locations where name = 'Gen Race'").all();
    expect(stored.results).toEqual([{ site_code: "gen_race1" }]);
  });
});

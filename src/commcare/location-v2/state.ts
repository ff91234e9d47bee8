import { asc, eq } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccLocationFields, ccLocations, ccLocationTypes } from "../../db/schema/commcare";
import type { DomainLocState, LocNode } from "./validate";

/**
 * A new cc_locations row id: a random 48-bit integer, not max(id)+1 over every domain, which made
 * concurrent creates (in any domain) pick the same id and collide, as device logs did under load.
 * Ids only need to be unique (lists order by id as a tie-break, which stays stable); a collision
 * with another domain's row is a UNIQUE failure on cc_locations.id, which auditedBatch retries with
 * a re-planned write, i.e. a fresh id.
 */
export function randomRowId(): number {
  const [hi, lo] = crypto.getRandomValues(new Uint32Array(2)) as unknown as [number, number];
  return (hi & 0xffff) * 2 ** 32 + lo + 1;
}

/** Everything the §3.7 validation reads: the domain's locations (archived too), types and fields. */
export async function loadDomainLocState(db: D1Db, domainId: number): Promise<DomainLocState> {
  const [locations, types, fields] = await Promise.all([
    db.select().from(ccLocations).where(eq(ccLocations.domainId, domainId)).orderBy(asc(ccLocations.id)),
    db.select().from(ccLocationTypes).where(eq(ccLocationTypes.domainId, domainId)).orderBy(asc(ccLocationTypes.id)),
    db.select().from(ccLocationFields).where(eq(ccLocationFields.domainId, domainId)).orderBy(asc(ccLocationFields.position)),
  ]);
  const nodes = locations.map(({ domainId: _d, ...rest }): LocNode => rest);
  const used = new Set(nodes.map((n) => n.id));
  return {
    locations: nodes,
    types,
    fields: fields.map((f) => ({
      slug: f.slug,
      label: f.label,
      isRequired: f.isRequired === 1,
      choices: f.choices ? (JSON.parse(f.choices) as string[]) : null,
      regex: f.regex,
    })),
    newId: () => {
      let id: number;
      do id = randomRowId();
      while (used.has(id));
      used.add(id);
      return id;
    },
  };
}

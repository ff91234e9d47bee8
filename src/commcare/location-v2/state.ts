import { asc, eq, sql } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccLocationFields, ccLocations, ccLocationTypes } from "../../db/schema/commcare";
import type { DomainLocState, LocNode } from "./validate";

/** Everything the §3.7 validation reads: the domain's locations (archived too), types and fields. */
export async function loadDomainLocState(db: D1Db, domainId: number): Promise<DomainLocState> {
  const [locations, types, fields, max] = await Promise.all([
    db.select().from(ccLocations).where(eq(ccLocations.domainId, domainId)).orderBy(asc(ccLocations.id)),
    db.select().from(ccLocationTypes).where(eq(ccLocationTypes.domainId, domainId)).orderBy(asc(ccLocationTypes.id)),
    db.select().from(ccLocationFields).where(eq(ccLocationFields.domainId, domainId)).orderBy(asc(ccLocationFields.position)),
    db.select({ n: sql<number>`coalesce(max(${ccLocations.id}), 0)` }).from(ccLocations),
  ]);
  return {
    locations: locations.map(({ domainId: _d, ...rest }): LocNode => rest),
    types,
    fields: fields.map((f) => ({
      slug: f.slug,
      label: f.label,
      isRequired: f.isRequired === 1,
      choices: f.choices ? (JSON.parse(f.choices) as string[]) : null,
      regex: f.regex,
    })),
    nextId: (max[0]?.n ?? 0) + 1,
  };
}

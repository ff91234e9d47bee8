import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { ccMemberships, ccUsers } from "../../db/schema/commcare";

/** Active web members and mobile workers of a domain, by username then id. */
export function domainUsers(db: D1Db, domainId: number) {
  const members = db.select({ id: ccMemberships.userId }).from(ccMemberships).where(eq(ccMemberships.domainId, domainId));
  return db
    .select()
    .from(ccUsers)
    .where(and(eq(ccUsers.isActive, 1), or(eq(ccUsers.domainId, domainId), inArray(ccUsers.id, members))))
    .orderBy(asc(ccUsers.username), asc(ccUsers.id));
}

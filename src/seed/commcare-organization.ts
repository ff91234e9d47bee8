import { and, eq } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { ccGroupMembers, ccGroups, ccMemberships, ccRoles, ccUserLocations, ccUsers } from "../db/schema/commcare";
import { PERMISSIONS } from "../commcare/auth/credentials";
import { auditedBatch, type AuditContext } from "../lib/audit";
import { CC_DEMO } from "./commcare-demo";

const ALL = [...PERMISSIONS];

/**
 * The organisation `commcare-export --with-organization` joins forms to: custom user data, location
 * assignments and groups of the demo's mobile workers, an archived worker, the admins' `is_admin`
 * and `edit_web_users`, and one worker and group in `other` (so cross-domain requests have real ids
 * to miss). Its own step, checked by the demo group's presence, so a database seeded before it gets
 * it too; true when created.
 */
export async function seedCommCareOrganization(db: D1Db, ctx: (domain: string) => AuditContext, now: string): Promise<boolean> {
  const g = CC_DEMO.groups;
  const existing = await db.select({ id: ccGroups.id }).from(ccGroups).where(eq(ccGroups.id, g.denverTeam.id));
  if (existing.length > 0) return false;
  const d = CC_DEMO.domain.id;
  const o = CC_DEMO.other.id;
  const [w1, w2, w3] = CC_DEMO.workers;
  const { colorado, denver, southPark } = CC_DEMO.locations;
  const worker = (w: { id: number; uuid: string; username: string; first: string; last: string; phone: string }, domainId: number, active: number, data: object) => ({
    id: w.id, userUuid: w.uuid, domainId, userType: "mobile", username: w.username, email: "", firstName: w.first, lastName: w.last,
    phoneNumbers: JSON.stringify([w.phone]), passwordHash: null, isActive: active, isSuperuser: 0, createdAt: now, userData: JSON.stringify(data),
  });
  const data = { [w1!.id]: { clinic: "Denver Clinic", cadre: "CHW" }, [w2!.id]: { clinic: "South Park Post", cadre: "CHW" }, [w3!.id]: { clinic: "Denver Clinic", cadre: "supervisor" } };
  await auditedBatch(db, ctx(CC_DEMO.domain.name), () => ({
    statements: [
      ...[w1!, w2!, w3!].map((w) => db.update(ccUsers).set({ userData: JSON.stringify(data[w.id]) }).where(and(eq(ccUsers.id, w.id), eq(ccUsers.domainId, d)))),
      db.insert(ccUsers).values(worker(CC_DEMO.archivedWorker, d, 0, { clinic: "Denver Clinic", cadre: "CHW" })),
      db.insert(ccUserLocations).values([
        { userId: w1!.id, locationId: denver.id, domainId: d, position: 0, isPrimary: 1 },
        { userId: w1!.id, locationId: colorado.id, domainId: d, position: 1, isPrimary: 0 },
        { userId: w2!.id, locationId: southPark.id, domainId: d, position: 0, isPrimary: 1 },
        { userId: w3!.id, locationId: denver.id, domainId: d, position: 0, isPrimary: 1 },
        { userId: CC_DEMO.archivedWorker.id, locationId: denver.id, domainId: d, position: 0, isPrimary: 1 },
      ]),
      db.insert(ccGroups).values([
        { id: g.denverTeam.id, groupUuid: g.denverTeam.uuid, domainId: d, name: g.denverTeam.name, caseSharing: 1, reporting: 1, metadata: JSON.stringify({ region: "west" }) },
        { id: g.supervisors.id, groupUuid: g.supervisors.uuid, domainId: d, name: g.supervisors.name, caseSharing: 0, reporting: 1, metadata: "{}" },
      ]),
      db.insert(ccGroupMembers).values([
        { groupId: g.denverTeam.id, userId: w1!.id, domainId: d },
        { groupId: g.denverTeam.id, userId: w3!.id, domainId: d },
        { groupId: g.denverTeam.id, userId: CC_DEMO.archivedWorker.id, domainId: d },
        { groupId: g.supervisors.id, userId: w3!.id, domainId: d },
      ]),
      db.update(ccMemberships).set({ isAdmin: 1 }).where(and(eq(ccMemberships.userId, CC_DEMO.admin.id), eq(ccMemberships.domainId, d))),
      db.update(ccRoles).set({ permissions: JSON.stringify(ALL) }).where(and(eq(ccRoles.domainId, d), eq(ccRoles.name, "Admin"))),
    ],
    entries: [
      { action: "seed.create", entity: "cc_organization", entityId: CC_DEMO.domain.name, after: { groups: [g.denverTeam.name, g.supervisors.name], workers: [CC_DEMO.archivedWorker.username] } },
    ],
  }));
  await auditedBatch(db, ctx(CC_DEMO.other.name), () => ({
    statements: [
      db.insert(ccUsers).values(worker(CC_DEMO.otherWorker, o, 1, { clinic: "Elsewhere" })),
      db.insert(ccGroups).values({ id: g.otherTeam.id, groupUuid: g.otherTeam.uuid, domainId: o, name: g.otherTeam.name, caseSharing: 0, reporting: 1, metadata: "{}" }),
      db.insert(ccGroupMembers).values({ groupId: g.otherTeam.id, userId: CC_DEMO.otherWorker.id, domainId: o }),
      db.update(ccMemberships).set({ isAdmin: 1 }).where(and(eq(ccMemberships.userId, CC_DEMO.otherAdmin.id), eq(ccMemberships.domainId, o))),
      db.update(ccRoles).set({ permissions: JSON.stringify(ALL) }).where(and(eq(ccRoles.domainId, o), eq(ccRoles.name, "Admin"))),
    ],
    entries: [{ action: "seed.create", entity: "cc_organization", entityId: CC_DEMO.other.name, after: { groups: [g.otherTeam.name], workers: [CC_DEMO.otherWorker.username] } }],
  }));
  return true;
}

import { and, eq } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { ccGroupMembers, ccGroups, ccMemberships, ccRoles, ccUserLocations, ccUsers } from "../db/schema/commcare";
import { PERMISSIONS } from "../commcare/auth/credentials";
import { auditedBatch, type AuditContext } from "../lib/audit";
import { CC_DEMO } from "./commcare-demo";
import { mobileWorkerRow, type DemoWorker } from "./commcare-mobile-worker";

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
  const data: Record<number, object> = {
    [w1!.id]: { clinic: "Denver Clinic", cadre: "CHW" },
    [w2!.id]: { clinic: "South Park Post", cadre: "CHW" },
    [w3!.id]: { clinic: "Denver Clinic", cadre: "supervisor" },
  };
  const setData = (w: DemoWorker) =>
    db
      .update(ccUsers)
      .set({ userData: JSON.stringify(data[w.id]) })
      .where(and(eq(ccUsers.id, w.id), eq(ccUsers.domainId, d)));
  const group = (x: { id: number; uuid: string; name: string }, domainId: number, caseSharing: number, metadata: object) => ({
    id: x.id,
    groupUuid: x.uuid,
    domainId,
    name: x.name,
    caseSharing,
    reporting: 1,
    metadata: JSON.stringify(metadata),
  });
  const makeAdmin = (userId: number, domainId: number) =>
    db
      .update(ccMemberships)
      .set({ isAdmin: 1 })
      .where(and(eq(ccMemberships.userId, userId), eq(ccMemberships.domainId, domainId)));
  const adminRoleGetsAll = (domainId: number) =>
    db
      .update(ccRoles)
      .set({ permissions: JSON.stringify(ALL) })
      .where(and(eq(ccRoles.domainId, domainId), eq(ccRoles.name, "Admin")));
  await auditedBatch(db, ctx(CC_DEMO.domain.name), () => ({
    statements: [
      ...[w1!, w2!, w3!].map(setData),
      db
        .insert(ccUsers)
        .values(mobileWorkerRow(CC_DEMO.archivedWorker, d, now, { isActive: 0, userData: { clinic: "Denver Clinic", cadre: "CHW" } })),
      db.insert(ccUserLocations).values([
        { userId: w1!.id, locationId: denver.id, domainId: d, position: 0, isPrimary: 1 },
        { userId: w1!.id, locationId: colorado.id, domainId: d, position: 1, isPrimary: 0 },
        { userId: w2!.id, locationId: southPark.id, domainId: d, position: 0, isPrimary: 1 },
        { userId: w3!.id, locationId: denver.id, domainId: d, position: 0, isPrimary: 1 },
        { userId: CC_DEMO.archivedWorker.id, locationId: denver.id, domainId: d, position: 0, isPrimary: 1 },
      ]),
      db.insert(ccGroups).values([group(g.denverTeam, d, 1, { region: "west" }), group(g.supervisors, d, 0, {})]),
      db.insert(ccGroupMembers).values([
        { groupId: g.denverTeam.id, userId: w1!.id, domainId: d },
        { groupId: g.denverTeam.id, userId: w3!.id, domainId: d },
        { groupId: g.denverTeam.id, userId: CC_DEMO.archivedWorker.id, domainId: d },
        { groupId: g.supervisors.id, userId: w3!.id, domainId: d },
      ]),
      makeAdmin(CC_DEMO.admin.id, d),
      adminRoleGetsAll(d),
    ],
    entries: [
      {
        action: "seed.create",
        entity: "cc_organization",
        entityId: CC_DEMO.domain.name,
        after: { groups: [g.denverTeam.name, g.supervisors.name], workers: [CC_DEMO.archivedWorker.username] },
      },
    ],
  }));
  await auditedBatch(db, ctx(CC_DEMO.other.name), () => ({
    statements: [
      db.insert(ccUsers).values(mobileWorkerRow(CC_DEMO.otherWorker, o, now, { userData: { clinic: "Elsewhere" } })),
      db.insert(ccGroups).values(group(g.otherTeam, o, 0, {})),
      db.insert(ccGroupMembers).values({ groupId: g.otherTeam.id, userId: CC_DEMO.otherWorker.id, domainId: o }),
      makeAdmin(CC_DEMO.otherAdmin.id, o),
      adminRoleGetsAll(o),
    ],
    entries: [
      {
        action: "seed.create",
        entity: "cc_organization",
        entityId: CC_DEMO.other.name,
        after: { groups: [g.otherTeam.name], workers: [CC_DEMO.otherWorker.username] },
      },
    ],
  }));
  return true;
}

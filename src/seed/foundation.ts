import { eq } from "drizzle-orm";
import { hashPassword } from "../auth/password";
import type { D1Db } from "../db/d1";
import { customers, siteUsers, sites, studies, studyUsers, users } from "../db/schema/foundation";
import { auditedBatch } from "../lib/audit";
import { DEMO, DEMO_PASSWORD, OTHER } from "./demo-accounts";
import { customerSeedContext } from "./audit-context";

const present = async (db: D1Db, customerId: number) =>
  (await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId))).length > 0;

/**
 * Customers, users, studies, sites and assignments of the demo. Each customer is written in one
 * batch and skipped when already there, so a run that stopped half-way is completed by the next.
 */
export async function seedFoundation(db: D1Db, iterations?: number): Promise<boolean> {
  const needDemo = !(await present(db, DEMO.customer.id));
  const needOther = !(await present(db, OTHER.customer.id));
  if (!needDemo && !needOther) return false;
  const hash = await hashPassword(DEMO_PASSWORD, iterations);
  const user = (
    id: number,
    customerId: number,
    email: string,
    roleId: number,
    edcRoleId: number,
    extra: Partial<typeof users.$inferInsert> = {},
  ) => ({
    id,
    customerId,
    email,
    roleId,
    edcRoleId,
    passwordHash: hash,
    firstName: email.split("@")[0]!,
    lastName: "Demo",
    status: "active",
    dateCreated: new Date().toISOString(),
    ...extra,
  });
  const study = (customerId: number, s: { id: number; protocol: string; title: string; dbname: string | null }) => ({
    id: s.id,
    customerId,
    briefTitle: s.title,
    officialTitle: s.title,
    uniqueProtocolid: s.protocol,
    dbname: s.dbname,
    proEnabled: 0,
    subjectPrefixType: "site",
    subjectPrefixMask: "NNN",
    subjectNumerator: 0,
    statusId: 1,
    dateCreated: new Date().toISOString(),
  });
  const site = (customerId: number, s: { id: number; studyId: number; name: string; code: string }) => ({
    id: s.id,
    customerId,
    studyId: s.studyId,
    name: s.name,
    uniqueIdentifier: s.code,
    startingSubjectId: 1,
    subjectNumerator: 0,
    status: "active",
    dateCreated: new Date().toISOString(),
  });
  const now = new Date().toISOString();

  const demoCustomer = {
    id: DEMO.customer.id,
    name: DEMO.customer.name,
    features: JSON.stringify({ billing_report_customer_admin: true, forms: true }),
    dateCreated: now,
  };
  const demoUsers = [
    user(DEMO.admin.id, 1, DEMO.admin.email, 2, 1, {
      firstName: "Dana",
      lastName: "Admin",
      companyName: "Demo Clinic",
      edcUsername: "root",
    }),
    user(DEMO.api.id, 1, DEMO.api.email, 2, 9, { firstName: "API", lastName: "User", companyName: "Demo Clinic", edcUsername: "api_demo" }),
    user(DEMO.studyUser.id, 1, DEMO.studyUser.email, 3, 2, { firstName: "Sam", lastName: "Study" }),
    user(DEMO.siteUser.id, 1, DEMO.siteUser.email, 4, 5, { firstName: "Sid", lastName: "Site" }),
    user(DEMO.subjectUser.id, 1, DEMO.subjectUser.email, 5, 8, {
      firstName: "Sue",
      lastName: "Subject",
      studySubjectLabel: DEMO.subjectUser.label,
    }),
  ];
  if (needDemo)
    await auditedBatch(db, customerSeedContext(DEMO.customer.id), () => ({
      statements: [
        db.insert(customers).values(demoCustomer),
        db.insert(users).values(demoUsers),
        db.insert(studies).values(DEMO.studies.map((s) => study(1, s))),
        db.insert(sites).values(DEMO.sites.map((s) => site(1, s))),
        db.insert(studyUsers).values([
          { customerId: 1, studyId: 101, userId: DEMO.studyUser.id, roleId: 3, dateCreated: now },
          { customerId: 1, studyId: 101, userId: DEMO.siteUser.id, roleId: 4, dateCreated: now },
          { customerId: 1, studyId: 101, userId: DEMO.subjectUser.id, roleId: 5, dateCreated: now },
        ]),
        db.insert(siteUsers).values([{ customerId: 1, siteId: 1001, userId: DEMO.siteUser.id, dateCreated: now }]),
      ],
      entries: [
        {
          action: "seed.create",
          entity: "customer",
          entityId: DEMO.customer.id,
          after: { ...demoCustomer, users: demoUsers.map((u) => u.email) },
        },
      ],
    }));

  const otherCustomer = { id: OTHER.customer.id, name: OTHER.customer.name, features: JSON.stringify({}), dateCreated: now };
  if (needOther)
    await auditedBatch(db, customerSeedContext(OTHER.customer.id), () => ({
      statements: [
        db.insert(customers).values(otherCustomer),
        db.insert(users).values([
          user(OTHER.api.id, 2, OTHER.api.email, 2, 9, {
            firstName: "API",
            lastName: "Other",
            companyName: "Other Pharma",
            edcUsername: "api_other",
          }),
        ]),
        db.insert(studies).values(OTHER.studies.map((s) => study(2, s))),
        db.insert(sites).values(OTHER.sites.map((s) => site(2, s))),
      ],
      entries: [{ action: "seed.create", entity: "customer", entityId: OTHER.customer.id, after: otherCustomer }],
    }));
  return true;
}

import { eq } from "drizzle-orm";
import { hashPassword } from "../auth/password";
import type { D1Db } from "../db/d1";
import {
  ccApiKeys,
  ccAppForms,
  ccApplications,
  ccAppModules,
  ccAppQuestions,
  ccDomains,
  ccForms,
  ccLocationFields,
  ccLocations,
  ccLocationTypes,
  ccMemberships,
  ccRoles,
  ccUsers,
} from "../db/schema/commcare";
import type { D1BatchItem } from "../db/d1";
import { auditedBatch } from "../lib/audit";
import { hashApiKey, PERMISSIONS } from "../commcare/auth/credentials";
import { receiveSubmission } from "../commcare/receiver/service";
import clinicReferrals from "./commcare-apps/clinic-referrals.json";
import householdSurvey from "./commcare-apps/household-survey.json";
import { ARCHIVED_FORM_ID, CC_DEMO, demoSubmissions } from "./commcare-demo";
import { mobileWorkerRow } from "./commcare-mobile-worker";
import { seedCommCareOrganization } from "./commcare-organization";
import { DEMO_PASSWORD } from "./demo-accounts";
import { domainSeedContext } from "./audit-context";

const ALL = [...PERMISSIONS];

interface AppDefinition {
  id: string;
  name: string;
  version: number;
  date_created: string;
  langs: string[];
  doc: Record<string, unknown>;
  builds: { id: string; version: number; built_on: string; build_comment: string; is_released: boolean }[];
  modules: {
    unique_id: string;
    name: Record<string, string>;
    case_type: string;
    case_properties: string[];
    forms: {
      unique_id: string;
      name: Record<string, string>;
      xmlns: string;
      questions: { label: string; tag: string; value: string; type: string; required: boolean; options?: unknown[] }[];
    }[];
  }[];
}

/** Statements that load one application definition (JSON) with its builds, modules, forms, questions. */
function appStatements(
  db: D1Db,
  domainId: number,
  def: AppDefinition,
  ids: { module: number; form: number; question: number },
): D1BatchItem[] {
  const out: D1BatchItem[] = [
    db.insert(ccApplications).values({
      id: def.id,
      domainId,
      name: def.name,
      copyOf: null,
      version: def.version,
      buildComment: null,
      builtOn: null,
      isReleased: 0,
      isRemote: 0,
      langs: JSON.stringify(def.langs),
      doc: JSON.stringify(def.doc),
      dateCreated: def.date_created,
    }),
  ];
  for (const b of def.builds) {
    out.push(
      db.insert(ccApplications).values({
        id: b.id,
        domainId,
        name: def.name,
        copyOf: def.id,
        version: b.version,
        buildComment: b.build_comment,
        builtOn: b.built_on,
        isReleased: b.is_released ? 1 : 0,
        isRemote: 0,
        langs: JSON.stringify(def.langs),
        doc: JSON.stringify({ ...def.doc, copy_of: def.id }),
        dateCreated: b.built_on,
      }),
    );
  }
  def.modules.forEach((m, mi) => {
    const moduleId = ids.module++;
    out.push(
      db.insert(ccAppModules).values({
        id: moduleId,
        appId: def.id,
        position: mi,
        uniqueId: m.unique_id,
        name: JSON.stringify(m.name),
        caseType: m.case_type,
        caseProperties: JSON.stringify(m.case_properties),
      }),
    );
    m.forms.forEach((f, fi) => {
      const formId = ids.form++;
      out.push(
        db
          .insert(ccAppForms)
          .values({ id: formId, moduleId, position: fi, uniqueId: f.unique_id, name: JSON.stringify(f.name), xmlns: f.xmlns }),
      );
      f.questions.forEach((q, qi) => {
        out.push(
          db.insert(ccAppQuestions).values({
            id: ids.question++,
            formId,
            position: qi,
            label: q.label,
            tag: q.tag,
            value: q.value,
            type: q.type,
            required: q.required ? 1 : 0,
            options: q.options ? JSON.stringify(q.options) : null,
          }),
        );
      });
    });
  });
  return out;
}

/**
 * The CommCare demo: domains `demo` and `other`, their users, roles and API keys (hashed), location
 * types and locations, two applications (from JSON definitions), and a few dozen forms submitted
 * through the receiver's service (fixed instanceIDs: a re-run stores nothing). True when created.
 */
export async function seedCommCare(db: D1Db, iterations?: number): Promise<boolean> {
  const existing = await db.select({ id: ccDomains.id }).from(ccDomains).where(eq(ccDomains.id, CC_DEMO.domain.id));
  let created = false;
  if (existing.length === 0) {
    created = true;
    const now = "2026-09-01T08:00:00.000000Z";
    const hash = await hashPassword(DEMO_PASSWORD, iterations);
    const domainRow = (x: { id: number; name: string }) => ({
      id: x.id,
      name: x.name,
      features: '["API","LOCATIONS"]',
      apiBlacklisted: 0,
      rateLimitPerMinute: null,
      createdAt: now,
    });
    const web = (u: { id: number; uuid: string; username: string }, first: string, last: string) => ({
      id: u.id,
      userUuid: u.uuid,
      domainId: null,
      userType: "web",
      username: u.username,
      email: u.username,
      firstName: first,
      lastName: last,
      phoneNumbers: "[]",
      passwordHash: hash,
      isActive: 1,
      isSuperuser: 0,
      createdAt: now,
    });
    const key = async (id: number, userId: number, raw: string, domainId: number | null) => ({
      id,
      userId,
      name: "demo key",
      keyHash: await hashApiKey(raw),
      domainId,
      roleId: null,
      ipAllowlist: null,
      expiresAt: null,
      isActive: 1,
      createdAt: now,
    });
    const ids = { module: 1, form: 1, question: 1 };
    const d = CC_DEMO.domain.id;
    await auditedBatch(db, domainSeedContext(CC_DEMO.domain.name), async () => ({
      statements: [
        db.insert(ccDomains).values(domainRow(CC_DEMO.domain)),
        db.insert(ccRoles).values([
          { id: 1, domainId: d, name: "Admin", permissions: JSON.stringify(ALL) },
          { id: 2, domainId: d, name: "Viewer", permissions: JSON.stringify(["access_api", "edit_data", "edit_commcare_users"]) },
        ]),
        db.insert(ccUsers).values([web(CC_DEMO.admin, "Dana", "Admin"), web(CC_DEMO.viewer, "Vic", "Viewer")]),
        ...CC_DEMO.workers.map((w) => db.insert(ccUsers).values(mobileWorkerRow(w, d, now))),
        db.insert(ccMemberships).values([
          { userId: CC_DEMO.admin.id, domainId: d, roleId: 1 },
          { userId: CC_DEMO.viewer.id, domainId: d, roleId: 2 },
        ]),
        db
          .insert(ccApiKeys)
          .values([await key(1, CC_DEMO.admin.id, CC_DEMO.admin.key, null), await key(2, CC_DEMO.viewer.id, CC_DEMO.viewer.key, null)]),
        db.insert(ccLocationTypes).values([
          {
            id: CC_DEMO.types.state,
            domainId: d,
            name: "State",
            code: "state",
            parentTypeId: null,
            administrative: 1,
            sharesCases: 0,
            viewDescendants: 0,
          },
          {
            id: CC_DEMO.types.city,
            domainId: d,
            name: "City",
            code: "city",
            parentTypeId: CC_DEMO.types.state,
            administrative: 0,
            sharesCases: 1,
            viewDescendants: 0,
          },
          {
            id: CC_DEMO.types.county,
            domainId: d,
            name: "County",
            code: "county",
            parentTypeId: CC_DEMO.types.state,
            administrative: 1,
            sharesCases: 0,
            viewDescendants: 1,
          },
        ]),
        db.insert(ccLocations).values({
          id: CC_DEMO.locations.colorado.id,
          locationId: CC_DEMO.locations.colorado.locationId,
          domainId: d,
          name: "Colorado",
          siteCode: "colorado",
          externalId: null,
          locationTypeId: CC_DEMO.types.state,
          parentId: null,
          latitude: null,
          longitude: null,
          locationData: "{}",
          isArchived: 0,
          createdAt: "2026-09-01T08:00:00.000000",
          lastModified: "2026-09-01T08:00:00.000000",
        }),
        db.insert(ccLocations).values({
          id: CC_DEMO.locations.denver.id,
          locationId: CC_DEMO.locations.denver.locationId,
          domainId: d,
          name: "Denver",
          siteCode: "denver",
          externalId: null,
          locationTypeId: CC_DEMO.types.city,
          parentId: CC_DEMO.locations.colorado.id,
          latitude: "11.1234567891",
          longitude: "10.1234567891",
          locationData: JSON.stringify({ population: "715,522" }),
          isArchived: 0,
          createdAt: "2026-09-01T08:00:01.250000",
          lastModified: "2026-09-02T09:30:00.500000",
        }),
        db.insert(ccLocations).values({
          id: CC_DEMO.locations.southPark.id,
          locationId: CC_DEMO.locations.southPark.locationId,
          domainId: d,
          name: "South Park",
          siteCode: "south_park",
          externalId: "SP-1",
          locationTypeId: CC_DEMO.types.county,
          parentId: null,
          latitude: null,
          longitude: null,
          locationData: "{}",
          isArchived: 0,
          createdAt: "2026-09-01T08:00:02.000000",
          lastModified: "2026-09-03T10:00:00.000000",
        }),
        db.insert(ccLocationFields).values([
          {
            id: 1,
            domainId: d,
            position: 0,
            slug: "population",
            label: "Population",
            isRequired: 0,
            choices: null,
            regex: null,
            regexMsg: null,
          },
          {
            id: 2,
            domainId: d,
            position: 1,
            slug: "region",
            label: "Region",
            isRequired: 0,
            choices: JSON.stringify(["north", "south", "east", "west"]),
            regex: null,
            regexMsg: null,
          },
          {
            id: 3,
            domainId: d,
            position: 2,
            slug: "zip",
            label: "ZIP code",
            isRequired: 0,
            choices: null,
            regex: "\\d{5}",
            regexMsg: "five digits",
          },
        ]),
        ...appStatements(db, d, householdSurvey as AppDefinition, ids),
        ...appStatements(db, d, clinicReferrals as AppDefinition, ids),
      ],
      entries: [
        {
          action: "seed.create",
          entity: "cc_domain",
          entityId: CC_DEMO.domain.name,
          after: { users: [CC_DEMO.admin.username, CC_DEMO.viewer.username] },
        },
      ],
    }));

    const o = CC_DEMO.other.id;
    await auditedBatch(db, domainSeedContext(CC_DEMO.other.name), async () => ({
      statements: [
        db.insert(ccDomains).values(domainRow(CC_DEMO.other)),
        db.insert(ccRoles).values({ id: 3, domainId: o, name: "Admin", permissions: JSON.stringify(ALL) }),
        db.insert(ccUsers).values(web(CC_DEMO.otherAdmin, "Olga", "Other")),
        db.insert(ccMemberships).values({ userId: CC_DEMO.otherAdmin.id, domainId: o, roleId: 3 }),
        db.insert(ccApiKeys).values(await key(3, CC_DEMO.otherAdmin.id, CC_DEMO.otherAdmin.key, o)),
        db.insert(ccLocationTypes).values({
          id: 4,
          domainId: o,
          name: "Region",
          code: "region",
          parentTypeId: null,
          administrative: 1,
          sharesCases: 0,
          viewDescendants: 0,
        }),
        db.insert(ccLocations).values({
          id: 4,
          locationId: "20c00000000000000000000000000001",
          domainId: o,
          name: "Elsewhere",
          siteCode: "elsewhere",
          externalId: null,
          locationTypeId: 4,
          parentId: null,
          latitude: null,
          longitude: null,
          locationData: "{}",
          isArchived: 0,
          createdAt: "2026-09-01T08:00:00.000000",
          lastModified: "2026-09-01T08:00:00.000000",
        }),
      ],
      entries: [
        { action: "seed.create", entity: "cc_domain", entityId: CC_DEMO.other.name, after: { users: [CC_DEMO.otherAdmin.username] } },
      ],
    }));
  }

  await seedCommCareOrganization(db, domainSeedContext, "2026-09-01T08:00:00.000000Z");

  // Forms go through the receiver's own service; fixed instanceIDs make a re-run a no-op.
  const domain = (await db.select().from(ccDomains).where(eq(ccDomains.id, CC_DEMO.domain.id)))[0]!;
  for (const s of demoSubmissions()) {
    await receiveSubmission(db, domainSeedContext(domain.name), domain, {
      xml: s.xml,
      submitIp: null,
      openrosaVersion: "1.0",
      appId: s.appId,
      receivedAt: s.receivedAt,
    });
  }
  const archived = await db.select({ archived: ccForms.archived }).from(ccForms).where(eq(ccForms.id, ARCHIVED_FORM_ID));
  if (archived[0]?.archived === 0) {
    await auditedBatch(db, domainSeedContext(domain.name), () => ({
      statements: [db.update(ccForms).set({ archived: 1 }).where(eq(ccForms.id, ARCHIVED_FORM_ID))],
      entries: [
        { action: "form.archive", entity: "cc_form", entityId: ARCHIVED_FORM_ID, before: { archived: false }, after: { archived: true } },
      ],
    }));
  }
  return created;
}

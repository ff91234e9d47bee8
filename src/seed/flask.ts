import { eq } from "drizzle-orm";
import type { D1BatchItem, D1Db } from "../db/d1";
import { deviceLogs, forms, formsCrfData, formsEvents, studyMetadata, subjects } from "../db/schema/flask";
import { sites } from "../db/schema/foundation";
import { formatLabel } from "../flask/subject/label";
import { auditedBatch } from "../lib/audit";
import { DEMO, OTHER } from "./demo-accounts";
import { customerSeedContext } from "./audit-context";

/**
 * Flask demo data: study metadata, Flask subjects labelled per §3.6 (site prefix + NNN, per-site
 * numerator), a few hundred device logs of study 101 spread over 2026 (two for Other Pharma's 201),
 * Forms CRF definitions of study 101 (Demographics, Vitals) with some CRF data documents.
 * A no-op when already there.
 */
export const FLASK_DEMO = {
  deviceLogs101: 300,
  forms: {
    Demographics: [
      { name: "AGE", type: "int", label: "Age (years)" },
      { name: "SEX", type: "code", codes: [1, 2], label: "Sex (1 male, 2 female)" },
      { name: "CONSENT_DATE", type: "date", label: "Informed consent date" },
    ],
    Vitals: [
      { name: "SYSBP", type: "int", label: "Systolic blood pressure" },
      { name: "WEIGHT", type: "number", label: "Weight (kg)" },
    ],
  },
  /** subjects per site: [siteId, count] */
  subjects: [
    [1001, 4],
    [1002, 3],
    [1003, 2],
  ] as [number, number][],
  otherSubjects: 2,
} as const;

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.floor(100 / columns);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const day = (month: number, d: number, h = 9) => new Date(Date.UTC(2026, month - 1, d, h, 0, 0)).toISOString();

export async function seedFlask(db: D1Db): Promise<boolean> {
  const existing = await db
    .select({ id: studyMetadata.id })
    .from(studyMetadata)
    .where(eq(studyMetadata.studyId, DEMO.studies[0].id))
    .limit(1);
  if (existing.length > 0) return false;

  // ---- Demo Clinic ------------------------------------------------------------------------------
  const statements: D1BatchItem[] = [];
  const metadata = [
    { id: 1, customerId: 1, studyId: 101, key: "phase", value: "II", dateCreated: day(1, 5) },
    { id: 2, customerId: 1, studyId: 101, key: "indication", value: "Hypertension", dateCreated: day(1, 5) },
    { id: 3, customerId: 1, studyId: 102, key: "registry_type", value: "Observational", dateCreated: day(2, 1) },
  ];
  statements.push(db.insert(studyMetadata).values(metadata));

  const siteCodes = new Map<number, string>(DEMO.sites.map((s) => [s.id, s.code]));
  const siteStudy = new Map<number, number>(DEMO.sites.map((s) => [s.id, s.studyId]));
  const subjectRows: (typeof subjects.$inferInsert)[] = [];
  let subjectId = 1;
  for (const [siteId, count] of FLASK_DEMO.subjects) {
    for (let n = 1; n <= count; n++) {
      subjectRows.push({
        id: subjectId++,
        customerId: 1,
        studyId: siteStudy.get(siteId)!,
        siteId,
        label: formatLabel(siteCodes.get(siteId)!, "NNN", n),
        status: "active",
        icfSigned: 1,
        dateCreated: day(1 + n, 10),
        firstName: null,
        lastName: null,
      });
    }
    statements.push(db.update(sites).set({ subjectNumerator: count }).where(eq(sites.id, siteId)));
  }
  for (const rows of chunks(subjectRows, 11)) statements.push(db.insert(subjects).values(rows));

  const subjects101 = subjectRows.filter((s) => s.studyId === 101);
  const logs: (typeof deviceLogs.$inferInsert)[] = [];
  const start = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2027, 0, 1) - start;
  for (let i = 0; i < FLASK_DEMO.deviceLogs101; i++) {
    const at = new Date(start + Math.floor((span * i) / FLASK_DEMO.deviceLogs101) + (i % 7) * 60_000).toISOString();
    logs.push({
      id: i + 1,
      customerId: 1,
      studyId: 101,
      deviceId: `DEV-${String((i % 5) + 1).padStart(4, "0")}`,
      subjectLabel: subjects101[i % subjects101.length]!.label,
      logType: ["heartbeat", "sync", "battery"][i % 3]!,
      payload: JSON.stringify({ seq: i, battery: 100 - (i % 60), firmware: "1.4.2" }),
      logDate: at,
      createdBy: DEMO.api.id,
      dateCreated: at,
    });
  }
  for (const rows of chunks(logs, 10)) statements.push(db.insert(deviceLogs).values(rows));

  const formRows = Object.entries(FLASK_DEMO.forms).map(([name, items], i) => ({
    id: i + 1,
    customerId: 1,
    studyId: 101,
    name,
    items: JSON.stringify(items),
    version: 1,
    status: "active",
    dateCreated: day(1, 3),
  }));
  statements.push(db.insert(forms).values(formRows));

  // Screening/Demographics for every subject of site 1001 and 1002; Week 1/Vitals for three of them (in October 2026).
  const events: (typeof formsEvents.$inferInsert)[] = [];
  const docs: (typeof formsCrfData.$inferInsert)[] = [];
  /** An event of a subject of study 101 with one CRF data document (form `formId`, named `crfName`). */
  const eventWithDoc = (
    s: (typeof subjects101)[number],
    eventName: string,
    doc: { formId: number; crfName: string; crfDataId: string; data: object; status: string },
    dateCreated: string,
  ) => {
    const event = { id: events.length + 1, customerId: 1, studyId: 101, subjectId: s.id!, eventName, status: "active", dateCreated };
    events.push(event);
    docs.push({
      id: docs.length + 1,
      customerId: 1,
      studyId: 101,
      siteId: s.siteId,
      subjectId: s.id!,
      subjectLabel: s.label,
      eventId: event.id,
      eventName,
      formId: doc.formId,
      crfName: doc.crfName,
      crfDataId: doc.crfDataId,
      data: JSON.stringify(doc.data),
      status: doc.status,
      createdBy: DEMO.api.id,
      dateCreated,
    });
  };
  subjects101.forEach((s, i) => {
    const n = String(i + 1).padStart(4, "0");
    eventWithDoc(
      s,
      "Screening",
      {
        formId: 1,
        crfName: "Demographics",
        crfDataId: `DEMOGR${n}`,
        data: { AGE: 30 + i * 3, SEX: (i % 2) + 1, CONSENT_DATE: `2026-03-0${1 + (i % 9)}` },
        status: i === 0 ? "Closed" : "Started",
      },
      day(3, 1 + i),
    );
    if (i < 3) {
      eventWithDoc(
        s,
        "Week 1",
        { formId: 2, crfName: "Vitals", crfDataId: `VITALS${n}`, data: { SYSBP: 118 + i * 4, WEIGHT: 70.5 + i }, status: "Started" },
        day(10, 5 + i),
      );
    }
  });
  for (const rows of chunks(events, 7)) statements.push(db.insert(formsEvents).values(rows));
  for (const rows of chunks(docs, 15)) statements.push(db.insert(formsCrfData).values(rows));

  await auditedBatch(db, customerSeedContext(DEMO.customer.id), () => ({
    statements,
    entries: [
      {
        action: "seed.create",
        entity: "flask_demo",
        entityId: DEMO.customer.id,
        after: { subjects: subjectRows.length, device_logs: logs.length, forms: formRows.length, crf_data: docs.length },
      },
    ],
  }));

  // ---- Other Pharma ------------------------------------------------------------------------------
  const otherSite = OTHER.sites[0];
  const otherSubjects = Array.from({ length: FLASK_DEMO.otherSubjects }, (_, i) => ({
    id: subjectId++,
    customerId: 2,
    studyId: otherSite.studyId,
    siteId: otherSite.id,
    label: formatLabel(otherSite.code, "NNN", i + 1),
    status: "active",
    icfSigned: 1,
    dateCreated: day(4, 1 + i),
  }));
  const otherLogs = [0, 1].map((i) => ({
    id: logs.length + 1 + i,
    customerId: 2,
    studyId: otherSite.studyId,
    deviceId: "OTH-DEV-1",
    subjectLabel: otherSubjects[i]!.label,
    logType: "heartbeat",
    payload: JSON.stringify({ seq: i }),
    logDate: day(10, 10 + i),
    createdBy: OTHER.api.id,
    dateCreated: day(10, 10 + i),
  }));
  await auditedBatch(db, customerSeedContext(OTHER.customer.id), () => ({
    statements: [
      db
        .insert(studyMetadata)
        .values({ id: 4, customerId: 2, studyId: otherSite.studyId, key: "phase", value: "III", dateCreated: day(1, 7) }),
      db.insert(subjects).values(otherSubjects),
      db.update(sites).set({ subjectNumerator: otherSubjects.length }).where(eq(sites.id, otherSite.id)),
      db.insert(deviceLogs).values(otherLogs),
      db.insert(forms).values({
        id: 3,
        customerId: 2,
        studyId: otherSite.studyId,
        name: "Other Form",
        items: JSON.stringify([{ name: "X", type: "int" }]),
        version: 1,
        status: "active",
        dateCreated: day(1, 7),
      }),
    ],
    entries: [
      {
        action: "seed.create",
        entity: "flask_demo",
        entityId: OTHER.customer.id,
        after: { subjects: otherSubjects.length, device_logs: otherLogs.length },
      },
    ],
  }));
  return true;
}

import { and, eq, inArray } from "drizzle-orm";
import type { D1BatchItem, D1Db } from "../../db/d1";
import { ccAppForms, ccApplications, ccAppModules, ccCaseIndices, ccCases, ccFormCases, ccForms, type CcDomain } from "../../db/schema/commcare";
import { auditedBatch, type AuditContext, type AuditEntry } from "../../lib/audit";
import { CaseBlockError, findCaseBlocks } from "../case/casexml";
import { casesByIds } from "../case/queries";
import { esDateTime } from "../dates";
import { formMetadata } from "../form/serialize";
import { childElements, localName, parseXml, textOf, XmlError, type XmlElement } from "../xml/parse";
import { xformToJson } from "../xml/xform-json";
import { applyCaseBlocks } from "./case-apply";

export class SubmissionError extends Error {}

export interface Submission {
  xml: string;
  submitIp: string | null;
  openrosaVersion: string | null;
  /** The app (or build) id of `/receiver/{app_id}/`, if any. */
  appId?: string | null;
  /** Server receive time; defaults to now (the seed passes fixed times). */
  receivedAt?: Date;
}

export interface SubmissionResult {
  formId: string;
  duplicate: boolean;
  caseIds: string[];
}

function findMeta(root: XmlElement): XmlElement | null {
  return childElements(root).find((e) => localName(e.name) === "meta") ?? null;
}

const metaText = (meta: XmlElement | null, key: string) => {
  const el = meta && childElements(meta).find((e) => localName(e.name) === key);
  return el ? textOf(el).trim() : null;
};

/** The working copy and build of a submission: from the URL's app id, else by the form's xmlns. */
async function resolveApp(db: D1Db, domainId: number, xmlns: string, appId: string | null | undefined) {
  if (appId) {
    const app = await db.select().from(ccApplications).where(and(eq(ccApplications.domainId, domainId), eq(ccApplications.id, appId))).limit(1);
    if (app[0]) return { appId: app[0].copyOf ?? app[0].id, buildId: app[0].copyOf ? app[0].id : null };
  }
  const byXmlns = await db
    .select({ appId: ccAppModules.appId })
    .from(ccAppForms)
    .innerJoin(ccAppModules, eq(ccAppModules.id, ccAppForms.moduleId))
    .innerJoin(ccApplications, eq(ccApplications.id, ccAppModules.appId))
    .where(and(eq(ccApplications.domainId, domainId), eq(ccAppForms.xmlns, xmlns)))
    .limit(1);
  return { appId: byXmlns[0]?.appId ?? null, buildId: null };
}

/**
 * Stores one OpenRosa submission and applies its CaseXML v2 blocks: the form, its case links, the
 * cases and indices and the audit rows go in ONE D1 batch. A form whose instanceID is already
 * stored changes nothing (`duplicate: true`). Malformed XML or a bad case block → SubmissionError
 * with the reason, nothing stored. The HTTP receiver and the demo seed both call this.
 */
export async function receiveSubmission(db: D1Db, ctx: AuditContext, domain: CcDomain, sub: Submission): Promise<SubmissionResult> {
  let root: XmlElement;
  try {
    root = parseXml(sub.xml);
  } catch (err) {
    if (err instanceof XmlError) throw new SubmissionError(`Invalid XML: ${err.message}`);
    throw err;
  }
  const rootXmlns = root.attrs.find(([k]) => k === "xmlns")?.[1] ?? "";
  const meta = findMeta(root);
  const formId = metaText(meta, "instanceID")?.replace(/^uuid:/, "") || crypto.randomUUID();
  let blocks;
  try {
    blocks = findCaseBlocks(root);
  } catch (err) {
    if (err instanceof CaseBlockError) throw new SubmissionError(err.message);
    throw err;
  }
  const formJson = xformToJson(root);
  const userId = metaText(meta, "userID");
  const receivedOn = esDateTime(sub.receivedAt ?? new Date());
  const indexedOn = sub.receivedAt ? receivedOn : esDateTime(new Date());
  const app = await resolveApp(db, domain.id, rootXmlns, sub.appId);

  const result: SubmissionResult = { formId, duplicate: false, caseIds: [...new Set(blocks.map((b) => b.caseId))] };
  await auditedBatch(db, ctx, async () => {
    const existingForm = await db.select({ id: ccForms.id }).from(ccForms).where(eq(ccForms.id, formId)).limit(1);
    if (existingForm.length) {
      result.duplicate = true;
      return { statements: [], entries: [] };
    }
    const existingCases = await casesByIds(db, domain.id, result.caseIds);
    for (let i = 0; i < result.caseIds.length; i += 90) {
      const rows = await db.select({ id: ccCases.id, domainId: ccCases.domainId }).from(ccCases).where(inArray(ccCases.id, result.caseIds.slice(i, i + 90)));
      const foreign = rows.find((f) => f.domainId !== domain.id);
      if (foreign) throw new SubmissionError(`IllegalCaseId: case ${foreign.id} belongs to another domain`);
    }
    const changes = applyCaseBlocks(blocks, new Map(existingCases.map((c) => [c.id, c])), domain.id, formId, receivedOn, userId);

    const formRow = {
      id: formId, domainId: domain.id, xmlns: rootXmlns, appId: app.appId, buildId: app.buildId, userId,
      receivedOn, serverModifiedOn: receivedOn, indexedOn, editedOn: null, editedByUserId: null, archived: 0,
      formJson: JSON.stringify(formJson), metadataJson: JSON.stringify(formMetadata(formJson)), xml: sub.xml,
      submitIp: sub.submitIp, openrosaVersion: sub.openrosaVersion,
      uiversion: root.attrs.find(([k]) => k === "uiVersion")?.[1] ?? null,
      version: root.attrs.find(([k]) => k === "version")?.[1] ?? null,
    };
    const statements: D1BatchItem[] = [db.insert(ccForms).values(formRow)];
    result.caseIds.forEach((caseId, position) => statements.push(db.insert(ccFormCases).values({ formId, caseId, domainId: domain.id, position })));
    const entries: AuditEntry[] = [{ action: "form.receive", entity: "cc_form", entityId: formId, after: { xmlns: rootXmlns, received_on: receivedOn, case_ids: result.caseIds } }];
    for (const ch of changes) {
      const { id, ...fields } = ch.after;
      statements.push(ch.before ? db.update(ccCases).set(fields).where(eq(ccCases.id, id)) : db.insert(ccCases).values(ch.after));
      for (const identifier of ch.indices.remove) {
        statements.push(db.delete(ccCaseIndices).where(and(eq(ccCaseIndices.caseId, id), eq(ccCaseIndices.identifier, identifier))));
      }
      for (const idx of ch.indices.upsert) {
        statements.push(
          db.insert(ccCaseIndices).values(idx).onConflictDoUpdate({
            target: [ccCaseIndices.caseId, ccCaseIndices.identifier],
            set: { referencedId: idx.referencedId, referencedType: idx.referencedType, relationship: idx.relationship },
          }),
        );
      }
      entries.push({ action: ch.before ? "case.update" : "case.create", entity: "cc_case", entityId: id, before: ch.before ?? undefined, after: ch.after });
    }
    return { statements, entries };
  });
  return result;
}

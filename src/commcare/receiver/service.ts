import { and, eq, inArray } from "drizzle-orm";
import type { D1BatchItem, D1Db } from "../../db/d1";
import {
  ccAppForms,
  ccApplications,
  ccAppModules,
  ccCaseIndices,
  ccCases,
  ccFormCases,
  ccForms,
  type CcDomain,
} from "../../db/schema/commcare";
import { auditedBatch, type AuditContext, type AuditEntry } from "../../lib/audit";
import { CaseBlockError, findCaseBlocks, type CaseBlock } from "../case/casexml";
import { casesByIds } from "../case/queries";
import { esDateTime } from "../dates";
import { formMetadata } from "../form/serialize";
import { inChunks } from "../in-chunks";
import { MAX_CASE_ROW_BYTES, MAX_FORM_ROW_BYTES, utf8Bytes } from "../limits";
import { childElements, localName, parseXml, textOf, XmlError, type XmlElement } from "../xml/parse";
import { xformToJson } from "../xml/xform-json";
import { applyCaseBlocks, normalizeCaseDates } from "./case-apply";

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

/**
 * The working copy and build of a submission: from the URL's app id, else by the form's xmlns. Both
 * are read at once (one round trip); the xmlns match is used only when the URL names no app here.
 */
async function resolveApp(db: D1Db, domainId: number, xmlns: string, appId: string | null | undefined) {
  const [app, byXmlns] = await Promise.all([
    appId
      ? db
          .select()
          .from(ccApplications)
          .where(and(eq(ccApplications.domainId, domainId), eq(ccApplications.id, appId)))
          .limit(1)
      : [],
    db
      .select({ appId: ccAppModules.appId })
      .from(ccAppForms)
      .innerJoin(ccAppModules, eq(ccAppModules.id, ccAppForms.moduleId))
      .innerJoin(ccApplications, eq(ccApplications.id, ccAppModules.appId))
      .where(and(eq(ccApplications.domainId, domainId), eq(ccAppForms.xmlns, xmlns)))
      .limit(1),
  ]);
  if (app[0]) return { appId: app[0].copyOf ?? app[0].id, buildId: app[0].copyOf ? app[0].id : null };
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
  const instanceId = metaText(meta, "instanceID")?.replace(/^uuid:/, "") || crypto.randomUUID();
  let blocks;
  try {
    blocks = normalizeCaseDates(findCaseBlocks(root));
  } catch (err) {
    if (err instanceof CaseBlockError) throw new SubmissionError(err.message);
    throw err;
  }
  const formJson = xformToJson(root);
  const userId = metaText(meta, "userID");
  const receivedOn = esDateTime(sub.receivedAt ?? new Date());
  const indexedOn = sub.receivedAt ? receivedOn : esDateTime(new Date());
  // Read beside the first attempt's own reads (storeSubmission), in the same round trip.
  const app = resolveApp(db, domain.id, rootXmlns, sub.appId);
  app.catch(() => undefined);

  const caseIds = [...new Set(blocks.map((b) => b.caseId))];
  const result: SubmissionResult = { formId: instanceId, duplicate: false, caseIds };
  for (let attempt = 1; ; attempt++) {
    try {
      await storeSubmission(
        db,
        ctx,
        domain,
        sub,
        { root, rootXmlns, instanceId, blocks, formJson, userId, receivedOn, indexedOn, app },
        result,
      );
      return result;
    } catch (err) {
      // A concurrent submission of the same instanceID to this domain won the unique index: on the
      // next attempt it is found and this one is the duplicate.
      if (
        attempt < 3 &&
        /UNIQUE constraint failed: cc_forms\./.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err))
      )
        continue;
      throw err;
    }
  }
}

interface Parsed {
  root: XmlElement;
  rootXmlns: string;
  instanceId: string;
  blocks: CaseBlock[];
  formJson: Record<string, unknown>;
  userId: string | null;
  receivedOn: string;
  indexedOn: string;
  app: Promise<{ appId: string | null; buildId: string | null }>;
}

/**
 * One attempt at storing a parsed submission (called again by auditedBatch on a chain conflict).
 * Idempotence is per domain: this domain already holding the instanceID → duplicate, nothing
 * written. The id being taken by another domain's form → the form is stored under a fresh id
 * (HQ `_handle_id_conflict`: "the same form was submitted to two domains … resubmit with a
 * generated ID"), so nothing is dropped and the answer does not reveal the other domain's form.
 */
async function storeSubmission(db: D1Db, ctx: AuditContext, domain: CcDomain, sub: Submission, p: Parsed, result: SubmissionResult) {
  const { root, rootXmlns, instanceId, blocks, formJson, userId, receivedOn, indexedOn } = p;
  await auditedBatch(db, ctx, async () => {
    result.duplicate = false;
    const caseIds = result.caseIds;
    // Every read the plan needs, at once: one round trip before the write's batch.
    const [mine, taken, existingCases, owners, app] = await Promise.all([
      db
        .select({ id: ccForms.id })
        .from(ccForms)
        .where(and(eq(ccForms.domainId, domain.id), eq(ccForms.instanceId, instanceId)))
        .limit(1),
      db.select({ id: ccForms.id }).from(ccForms).where(eq(ccForms.id, instanceId)).limit(1),
      casesByIds(db, domain.id, caseIds),
      inChunks(caseIds, (chunk) =>
        db.select({ id: ccCases.id, domainId: ccCases.domainId }).from(ccCases).where(inArray(ccCases.id, chunk)),
      ),
      p.app,
    ]);
    if (mine.length) {
      result.duplicate = true;
      result.formId = mine[0]!.id;
      return { statements: [], entries: [] };
    }
    const formId = taken.length ? crypto.randomUUID() : instanceId;
    result.formId = formId;
    const foreign = owners.find((f) => f.domainId !== domain.id);
    if (foreign) throw new SubmissionError(`IllegalCaseId: case ${foreign.id} belongs to another domain`);
    const changes = applyCaseBlocks(blocks, new Map(existingCases.map((c) => [c.id, c])), domain.id, formId, receivedOn, userId);
    for (const ch of changes) {
      const bytes = utf8Bytes(JSON.stringify(ch.after));
      if (bytes > MAX_CASE_ROW_BYTES)
        throw new SubmissionError(`Case ${ch.after.id} would be ${bytes} bytes; at most ${MAX_CASE_ROW_BYTES} are stored.`);
    }

    const formRow = {
      id: formId,
      domainId: domain.id,
      instanceId,
      xmlns: rootXmlns,
      appId: app.appId,
      buildId: app.buildId,
      userId,
      receivedOn,
      serverModifiedOn: receivedOn,
      indexedOn,
      editedOn: null,
      editedByUserId: null,
      archived: 0,
      formJson: JSON.stringify(formJson),
      metadataJson: JSON.stringify(formMetadata(formJson)),
      xml: sub.xml,
      submitIp: sub.submitIp,
      openrosaVersion: sub.openrosaVersion,
      uiversion: root.attrs.find(([k]) => k === "uiVersion")?.[1] ?? null,
      version: root.attrs.find(([k]) => k === "version")?.[1] ?? null,
    };
    const rowBytes = utf8Bytes(formRow.xml) + utf8Bytes(formRow.formJson) + utf8Bytes(formRow.metadataJson);
    if (rowBytes > MAX_FORM_ROW_BYTES)
      throw new SubmissionError(`The form would be stored as ${rowBytes} bytes; at most ${MAX_FORM_ROW_BYTES} are stored.`);
    const statements: D1BatchItem[] = [db.insert(ccForms).values(formRow)];
    caseIds.forEach((caseId, position) =>
      statements.push(db.insert(ccFormCases).values({ formId, caseId, domainId: domain.id, position })),
    );
    const entries: AuditEntry[] = [
      {
        action: "form.receive",
        entity: "cc_form",
        entityId: formId,
        after: {
          xmlns: rootXmlns,
          received_on: receivedOn,
          case_ids: caseIds,
          ...(formId !== instanceId ? { instance_id: instanceId } : {}),
        },
      },
    ];
    for (const ch of changes) {
      const { id, ...fields } = ch.after;
      statements.push(ch.before ? db.update(ccCases).set(fields).where(eq(ccCases.id, id)) : db.insert(ccCases).values(ch.after));
      for (const identifier of ch.indices.remove) {
        statements.push(db.delete(ccCaseIndices).where(and(eq(ccCaseIndices.caseId, id), eq(ccCaseIndices.identifier, identifier))));
      }
      for (const idx of ch.indices.upsert) {
        statements.push(
          db
            .insert(ccCaseIndices)
            .values(idx)
            .onConflictDoUpdate({
              target: [ccCaseIndices.caseId, ccCaseIndices.identifier],
              set: { referencedId: idx.referencedId, referencedType: idx.referencedType, relationship: idx.relationship },
            }),
        );
      }
      entries.push({
        action: ch.before ? "case.update" : "case.create",
        entity: "cc_case",
        entityId: id,
        before: ch.before ?? undefined,
        after: ch.after,
      });
    }
    return { statements, entries };
  });
}

import { Problem, badRequest, conflict, forbidden, type FieldError } from "../../lib/problem";
import type { EdcSql } from "../../db/edc";
import { autoLabel, autoLabelRule, baseOid, isRequired, labelMode, oidStem, OID_PATTERN, randomStem, suffixedOid } from "./labels";
import * as q from "./queries";
import type { CreateSubjectInput } from "./schemas";

export interface CreateSubjectOptions {
  schema: string;
  /** EDC user name of the caller (`users.edc_username`), for owner_id. */
  edcUsername: string | null;
  /** Site role callers: the unique identifiers of their sites in this study; null = any site. */
  allowedSites: string[] | null;
  /**
   * Called inside the EDC transaction after every row is written and before COMMIT (TrialEdge's
   * own audit row): if it throws, the EDC transaction rolls back and nothing is created.
   */
  beforeCommit: (created: CreatedSubject) => Promise<void>;
}

export interface CreatedSubject {
  study_subject_id: number;
  label: string;
  oc_oid: string;
  subject_id: number;
  /** EDC study_id the subject belongs to (the site, or the study itself). */
  study_id: number;
  site: string;
  owner_id: number;
}

/** Study status ids under which no subject may be added: 2 unavailable, 6 locked, 9 frozen. */
const CLOSED = new Set([2, 6, 9]);
const REMOVED = new Set([5, 7]);
const MAX_LABEL_TRIES = 1000;
const MAX_OID_TRIES = 100;

const unknownSite = (detail: string, path: string) => badRequest("unknown_site", detail, [{ path, message: detail }]);

/** Which site (or the study itself) gets the subject, from `site` / `siteId` or the caller's only site. */
async function resolveTarget(tx: q.Tx, t: q.Tables, input: CreateSubjectInput, allowedSites: string[] | null): Promise<q.StudyRow> {
  let site = input.site;
  if (input.siteId === undefined && site === undefined && allowedSites) {
    if (allowedSites.length !== 1)
      throw badRequest("site_required", "Name the site (`site` or `siteId`): you work at several sites.", [
        { path: "/site", message: "required" },
      ]);
    site = allowedSites[0]!;
  }
  if (input.siteId !== undefined || site !== undefined) {
    const found = await q.findSites(tx, t, { siteId: input.siteId, site });
    const match = found.filter(
      (s) => (input.siteId === undefined || s.study_id === input.siteId) && (site === undefined || s.unique_identifier === site),
    );
    const path = input.siteId !== undefined ? "/siteId" : "/site";
    if (match.length !== 1 || REMOVED.has(match[0]!.status_id)) {
      throw unknownSite(
        found.length
          ? "`site` and `siteId` name different sites."
          : `No site ${JSON.stringify(site ?? input.siteId)} in this EDC database.`,
        path,
      );
    }
    if (allowedSites && !allowedSites.includes(match[0]!.unique_identifier)) {
      throw forbidden("site_forbidden", `You are not assigned to site ${match[0]!.unique_identifier}.`);
    }
    return match[0]!;
  }
  const studies = (await q.parentStudies(tx, t)).filter((s) => !REMOVED.has(s.status_id));
  if (studies.length !== 1)
    throw badRequest("site_required", "This EDC database holds several studies: name the site (`site` or `siteId`).", [
      { path: "/site", message: "required" },
    ]);
  return studies[0]!;
}

/**
 * flaskdata-api.md §4.8 steps 1, 2, 4–7 (+ ClinCapture's audit_log_event rows) in ONE EDC
 * transaction that holds a row lock on the parent study: label rules and uniqueness, auto label
 * from the site's counter, person-id uniqueness, OID, inserts. Any failure rolls everything back.
 */
export async function createSubject(sql: EdcSql, input: CreateSubjectInput, opts: CreateSubjectOptions): Promise<CreatedSubject> {
  const t = q.tables(opts.schema);
  return (await sql.begin(async (tx) => {
    const target = await resolveTarget(tx as q.Tx, t, input, opts.allowedSites);
    const parentId = target.parent_study_id ?? target.study_id;
    const parent = await q.lockStudy(tx as q.Tx, t, parentId);
    if (!parent || REMOVED.has(parent.status_id)) throw unknownSite("The site's study is not in this EDC database.", "/site");
    if (CLOSED.has(parent.status_id) || CLOSED.has(target.status_id)) {
      throw conflict(
        "study_closed",
        `Study ${parent.unique_identifier}${target === parent ? "" : ` / site ${target.unique_identifier}`} is locked, frozen or unavailable: no subjects can be added.`,
      );
    }

    const params = await q.parameters(tx as q.Tx, t, parentId, target.parent_study_id === null ? null : target.study_id);
    const mode = labelMode(params);
    const errors: FieldError[] = [];
    if (mode === "manual" && !input.label) errors.push({ path: "/label", message: "required: this study assigns subject labels manually" });
    if (mode === "auto-non-editable" && input.label)
      errors.push({ path: "/label", message: "not allowed: this study generates subject labels" });
    if (isRequired(params.get("dateOfEnrollmentForStudyRequired")) && !input.enrollmentDate)
      errors.push({ path: "/enrollmentDate", message: "required by this study" });
    if (isRequired(params.get("genderRequired")) && !input.gender) errors.push({ path: "/gender", message: "required by this study" });
    if (params.get("subjectPersonIdRequired") === "required" && !input.personId)
      errors.push({ path: "/personId", message: "required by this study" });
    if (params.get("subjectPersonIdRequired") === "not_used" && input.personId)
      errors.push({ path: "/personId", message: "not used by this study" });
    if (params.get("collectDob") === "3" && input.dateOfBirth)
      errors.push({ path: "/dateOfBirth", message: "not collected by this study" });
    if (errors.length) throw badRequest("invalid_subject", "The subject does not meet this study's settings.", errors);

    const owner = await q.ownerId(tx as q.Tx, t, opts.edcUsername);

    let label = input.label;
    if (label) {
      if (await q.labelTaken(tx as q.Tx, t, label, parentId)) {
        throw new Problem(
          409,
          "duplicate_label",
          `Label ${JSON.stringify(label)} is already assigned in study ${parent.unique_identifier}: choose a unique one.`,
          [{ path: "/label", message: "already assigned in this study" }],
        );
      }
    } else {
      const rule = autoLabelRule(target.unique_identifier, params);
      for (let i = 0; ; i++) {
        if (i >= MAX_LABEL_TRIES) throw new Error(`no free auto label for ${target.unique_identifier} after ${MAX_LABEL_TRIES} tries`);
        const candidate = autoLabel(rule, await q.nextLabelNumber(tx as q.Tx, t, target.unique_identifier));
        if (candidate.length > 30)
          throw badRequest("label_required", "The generated label would be longer than 30 characters: send a `label`.", [
            { path: "/label", message: "required" },
          ]);
        if (!(await q.labelTaken(tx as q.Tx, t, candidate, parentId))) {
          label = candidate;
          break;
        }
      }
    }

    if (input.personId && (await q.personIdTaken(tx as q.Tx, t, input.personId, parentId))) {
      throw new Problem(
        409,
        "duplicate_person_id",
        `Person ID ${JSON.stringify(input.personId)} is already used in study ${parent.unique_identifier}.`,
        [{ path: "/personId", message: "already used in this study" }],
      );
    }

    const stem = oidStem(label!) || randomStem();
    let ocOid = baseOid(stem);
    for (let i = 0; await q.oidTaken(tx as q.Tx, t, ocOid); i++) {
      if (i >= MAX_OID_TRIES) throw new Error(`no free OID for stem ${stem}`);
      ocOid = suffixedOid(stem, await q.nextOidNumber(tx as q.Tx, t));
    }
    if (!OID_PATTERN.test(ocOid) || ocOid.length > 40) throw new Error(`generated OID ${ocOid} breaks the OID rule`);

    const ids = await q.insertSubject(tx as q.Tx, t, {
      label: label!,
      secondaryLabel: input.secondaryLabel ?? "",
      studyId: target.study_id,
      ownerId: owner,
      enrollmentDate: input.enrollmentDate ?? null,
      gender: input.gender ?? "",
      dateOfBirth: input.dateOfBirth ?? null,
      personId: input.personId ?? "",
      ocOid,
    });
    const created: CreatedSubject = {
      study_subject_id: ids.studySubjectId,
      label: label!,
      oc_oid: ocOid,
      subject_id: ids.subjectId,
      study_id: target.study_id,
      site: target.unique_identifier,
      owner_id: owner,
    };
    await opts.beforeCommit(created);
    return created;
  })) as CreatedSubject;
}

import { badRequest, forbidden } from "../lib/problem";
import { canSeeStudy, type Scope, type StudyRow } from "./policy";

const MAX_DBNAME = 64;

/** The `EDC` header's database name when it can name one (present, at most 64 characters), else undefined. */
export function edcDbname(header: string | undefined): string | undefined {
  const dbname = header?.trim();
  return dbname && dbname.length <= MAX_DBNAME ? dbname : undefined;
}

/**
 * The study that `EDC: <dbname>` names for this caller (flaskdata-api.md §0.3): 400 when the header
 * is absent; 403 unless a study of the caller's customer that the caller may see uses that dbname.
 * `edcStudies` are the customer's studies of that dbname (resolveScope with the dbname); the first
 * visible one is the caller's, and every visible one is returned in `all`.
 */
export function edcStudyOf(
  scope: Scope,
  header: string | undefined,
  edcStudies: readonly StudyRow[],
): { study: StudyRow; all: StudyRow[] } {
  const raw = header?.trim();
  if (!raw) throw badRequest("edc_header_missing", "The EDC header must name the EDC database (the study's dbname).");
  const visible = raw.length <= MAX_DBNAME ? edcStudies.filter((s) => s.dbname === raw && canSeeStudy(scope, s.id)) : [];
  if (!visible.length) throw edcForbidden(raw);
  return { study: visible[0]!, all: visible };
}

/** 403: no study the caller may see uses this EDC database (or it is not configured). */
export const edcForbidden = (dbname: string) =>
  forbidden("edc_forbidden", `No study of yours uses the EDC database ${JSON.stringify(dbname.slice(0, MAX_DBNAME))}.`);

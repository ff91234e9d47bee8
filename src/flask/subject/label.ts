/**
 * Subject labels (flaskdata-api.md §3.6): prefix + "-" + number padded to the mask's width.
 * Prefix = the site's unique identifier (prefix type "site") or the study's unique protocol id
 * ("study"). Numbers come from a numerator: per site for "site" labels (at least the site's
 * "Starting subject ID"), per study for "study" labels, so labels never collide within a study.
 */
export function formatLabel(prefix: string, mask: string, n: number): string {
  const width = /^N+$/.test(mask) ? mask.length : 3;
  return `${prefix}-${String(n).padStart(width, "0")}`;
}

export interface LabelStudy {
  uniqueProtocolid: string;
  subjectPrefixType: string;
  subjectPrefixMask: string;
  subjectNumerator: number;
}

export interface LabelSite {
  uniqueIdentifier: string;
  startingSubjectId: number;
  subjectNumerator: number;
}

/**
 * The next label of a site and the numerator value it consumes (whose owner is `numerator`). `skip`
 * passes over numbers whose label is already held by a subject created with a label of its own.
 */
export function nextLabel(study: LabelStudy, site: LabelSite, skip = 0): { label: string; number: number; numerator: "site" | "study" } {
  if (study.subjectPrefixType === "study") {
    const number = study.subjectNumerator + 1 + skip;
    return { label: formatLabel(study.uniqueProtocolid, study.subjectPrefixMask, number), number, numerator: "study" };
  }
  const number = Math.max(site.startingSubjectId, site.subjectNumerator + 1) + skip;
  return { label: formatLabel(site.uniqueIdentifier, study.subjectPrefixMask, number), number, numerator: "site" };
}

import type { sites, studies } from "../db/schema/foundation";

/** API shapes (snake_case, as §3 names the columns) of stored rows. */
export function studyJson(s: typeof studies.$inferSelect) {
  return {
    id: s.id,
    customer_id: s.customerId,
    brief_title: s.briefTitle,
    official_title: s.officialTitle,
    detailed_description: s.detailedDescription,
    sponsor: s.sponsor,
    url: s.url,
    unique_protocolid: s.uniqueProtocolid,
    dbname: s.dbname,
    edc_url: s.edcUrl,
    pro_enabled: s.proEnabled === 1,
    package: s.package,
    subject_prefix_type: s.subjectPrefixType,
    subject_prefix_mask: s.subjectPrefixMask,
    subject_numerator: s.subjectNumerator,
    enrollment_target: s.enrollmentTarget,
    start_date: s.startDate,
    completion_date: s.completionDate,
    status_id: s.statusId,
    pi_user_id: s.piUserId,
    date_created: s.dateCreated,
    date_updated: s.dateUpdated,
  };
}

export function siteJson(s: typeof sites.$inferSelect) {
  return {
    id: s.id,
    customer_id: s.customerId,
    study_id: s.studyId,
    name: s.name,
    unique_identifier: s.uniqueIdentifier,
    pi_name: s.piName,
    starting_subject_id: s.startingSubjectId,
    subject_numerator: s.subjectNumerator,
    edc_site_id: s.edcSiteId,
    status: s.status,
    date_created: s.dateCreated,
    date_updated: s.dateUpdated,
  };
}

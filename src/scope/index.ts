/** The one scope policy of /flask, /data-server and /edc: tenant, then role (study, site, subject). */
export {
  canSeeSite,
  canSeeStudy,
  resolveScope,
  scopeOf,
  siteCodesIn,
  type ResolvedScope,
  type Scope,
  type ScopeSite,
  type ScopeSubject,
  type StudyRow,
} from "./policy";
export { requireRole, siteChecked, siteInScope, siteRowQuery, studyChecked, studyInScope, studyRowQuery } from "./resources";
export { ownSubjectIdSql, siteIdsSql, withScope } from "./batch";
export { edcDbname, edcForbidden, edcStudyOf } from "./edc-header";
export { ownSubjectOnly, subjectAtCallerSites, subjectChecked, subjectRowQuery, type SubjectRef } from "./subject";

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
export { assertStudy, requireRole, siteInScope, studyInScope } from "./resources";
export { ownSubjectIdSql, siteIdsSql, studyRowQuery, withScope } from "./batch";
export { edcDbname, edcForbidden, edcStudyOf } from "./edc-header";

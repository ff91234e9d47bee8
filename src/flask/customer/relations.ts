/**
 * The Flask relations that extract-data-to-json (F1) serves: each a fixed table or view name with its
 * fixed column list. A request's `tableName` is only a key into this object and its filter keys are
 * checked against `columns`, so no identifier from a request ever reaches SQL (flaskdata-api.md §0.7).
 * Every relation has `customer_id` and `id` (the keyset order).
 */
export interface Relation {
  /** The table or view, as written in migrations/d1. */
  from: string;
  columns: readonly string[];
  /** Column holding the study id, for `studyIds` and study/site-role scoping. */
  studyColumn?: string;
  /** SQL condition restricting rows to the sites bound as JSON array `?` (site-role callers). */
  siteCondition?: string;
  /** Date filter column(s): COALESCE(updated, created). */
  updated?: string;
  created?: string;
  /**
   * An index (customer_id, <date column or COALESCE>, id) exists (migrations/d1/0004): with fromDate /
   * toDate, F1 pages by (date, id) inside the range instead of scanning every id of the customer.
   * Set on the relations that grow without bound.
   */
  dateIndexed?: true;
  /** Columns stored as JSON text, returned parsed. */
  json?: readonly string[];
}

const SITE_ID_IN = "site_id IN (SELECT value FROM json_each(?))";
const SUBJECT_LABEL_IN_SITES =
  "subject_label IN (SELECT s.label FROM subjects s WHERE s.study_id = device_logs.study_id AND s.site_id IN (SELECT value FROM json_each(?)))";

export const RELATIONS: Record<string, Relation> = {
  studies: {
    from: "studies",
    columns: [
      "id",
      "customer_id",
      "brief_title",
      "official_title",
      "detailed_description",
      "sponsor",
      "url",
      "unique_protocolid",
      "dbname",
      "edc_url",
      "pro_enabled",
      "package",
      "subject_prefix_type",
      "subject_prefix_mask",
      "subject_numerator",
      "enrollment_target",
      "start_date",
      "completion_date",
      "status_id",
      "pi_user_id",
      "date_created",
      "date_updated",
    ],
    studyColumn: "id",
    updated: "date_updated",
    created: "date_created",
  },
  study_metadata: {
    from: "study_metadata",
    columns: ["id", "customer_id", "study_id", "key", "value", "date_created", "date_updated"],
    studyColumn: "study_id",
    updated: "date_updated",
    created: "date_created",
  },
  sites: {
    from: "sites",
    columns: [
      "id",
      "customer_id",
      "study_id",
      "name",
      "unique_identifier",
      "pi_name",
      "starting_subject_id",
      "subject_numerator",
      "edc_site_id",
      "status",
      "date_created",
      "date_updated",
    ],
    studyColumn: "study_id",
    siteCondition: "id IN (SELECT value FROM json_each(?))",
    updated: "date_updated",
    created: "date_created",
  },
  subjects: {
    from: "subjects",
    columns: [
      "id",
      "customer_id",
      "study_id",
      "site_id",
      "label",
      "email",
      "phone",
      "status",
      "edc_study_subject_id",
      "first_name",
      "last_name",
      "id_number",
      "icf_signed",
      "date_created",
      "date_updated",
    ],
    studyColumn: "study_id",
    siteCondition: SITE_ID_IN,
    updated: "date_updated",
    created: "date_created",
  },
  device_logs: {
    from: "device_logs",
    columns: [
      "id",
      "customer_id",
      "study_id",
      "device_id",
      "subject_label",
      "log_type",
      "payload",
      "log_date",
      "created_by",
      "date_created",
    ],
    studyColumn: "study_id",
    siteCondition: SUBJECT_LABEL_IN_SITES,
    created: "date_created",
    dateIndexed: true,
    json: ["payload"],
  },
  forms: {
    from: "forms",
    columns: ["id", "customer_id", "study_id", "name", "items", "version", "status", "date_created", "date_updated"],
    studyColumn: "study_id",
    updated: "date_updated",
    created: "date_created",
    json: ["items"],
  },
  forms_crf_data: {
    from: "forms_crf_data",
    columns: [
      "id",
      "customer_id",
      "study_id",
      "site_id",
      "subject_id",
      "subject_label",
      "event_id",
      "event_name",
      "form_id",
      "crf_name",
      "crf_data_id",
      "data",
      "status",
      "created_by",
      "date_created",
      "date_updated",
    ],
    studyColumn: "study_id",
    siteCondition: SITE_ID_IN,
    updated: "date_updated",
    created: "date_created",
    dateIndexed: true,
    json: ["data"],
  },
  study_users: {
    from: "study_users",
    columns: ["id", "customer_id", "study_id", "user_id", "role_id", "date_created"],
    studyColumn: "study_id",
    created: "date_created",
  },
  site_users: {
    from: "site_users",
    columns: ["id", "customer_id", "site_id", "user_id", "date_created"],
    created: "date_created",
  },
  // Users without credentials: password_hash is never listed.
  users: {
    from: "users",
    columns: [
      "id",
      "customer_id",
      "email",
      "first_name",
      "last_name",
      "phone",
      "role_id",
      "edc_role_id",
      "edc_username",
      "company_name",
      "study_subject_label",
      "status",
      "date_created",
      "date_updated",
    ],
    updated: "date_updated",
    created: "date_created",
  },
  billing_reports_customer: {
    from: "billing_reports_customer",
    columns: ["id", "customer_id", "study_id", "billing_month", "report_type", "file_name", "size", "date_created"],
    created: "date_created",
  },
  audit_user_login: {
    from: "audit_user_login",
    columns: ["id", "customer_id", "user_id", "email", "outcome", "channel", "ip", "user_agent", "date_created"],
    created: "date_created",
    dateIndexed: true,
  },
  audit_trail: {
    from: "audit_trail",
    columns: [
      "id",
      "tenant",
      "customer_id",
      "seq",
      "date_created",
      "actor",
      "action",
      "entity",
      "entity_id",
      "before_json",
      "after_json",
      "request_id",
      "reason",
      "prev_hash",
      "hash",
    ],
    created: "date_created",
    dateIndexed: true,
  },
};

export const relationOf = (name: string): Relation | undefined => (Object.hasOwn(RELATIONS, name) ? RELATIONS[name] : undefined);

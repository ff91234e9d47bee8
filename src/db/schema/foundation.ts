import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Drizzle view of migrations/d1/0001_foundation.sql (the SQL file is the source of truth). */
export const customers = sqliteTable("customers", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  features: text("features").notNull(),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  email: text("email").notNull(),
  firstName: text("first_name").notNull(),
  lastName: text("last_name").notNull(),
  phone: text("phone"),
  roleId: integer("role_id").notNull(),
  edcRoleId: integer("edc_role_id"),
  edcUsername: text("edc_username"),
  passwordHash: text("password_hash"),
  companyName: text("company_name"),
  studySubjectLabel: text("study_subject_label"),
  status: text("status").notNull(),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const sessions = sqliteTable("sessions", {
  idHash: text("id_hash").primaryKey(),
  userId: integer("user_id").notNull(),
  customerId: integer("customer_id").notNull(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  revokedAt: text("revoked_at"),
});

export const auditUserLogin = sqliteTable("audit_user_login", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id"),
  userId: integer("user_id"),
  email: text("email").notNull(),
  outcome: text("outcome").notNull(),
  channel: text("channel").notNull(),
  ip: text("ip"),
  userAgent: text("user_agent"),
  dateCreated: text("date_created").notNull(),
});

export const auditTrail = sqliteTable("audit_trail", {
  id: integer("id").primaryKey(),
  tenant: text("tenant").notNull(),
  customerId: integer("customer_id"),
  /** seq, prevHash and hash are null until the tenant's sealer chains the row (src/lib/audit/seal.ts). */
  seq: integer("seq"),
  dateCreated: text("date_created").notNull(),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  entity: text("entity").notNull(),
  entityId: text("entity_id"),
  beforeJson: text("before_json"),
  afterJson: text("after_json"),
  requestId: text("request_id"),
  reason: text("reason"),
  prevHash: text("prev_hash"),
  hash: text("hash"),
});

export const studies = sqliteTable("studies", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  briefTitle: text("brief_title").notNull(),
  officialTitle: text("official_title"),
  detailedDescription: text("detailed_description"),
  sponsor: text("sponsor"),
  url: text("url"),
  uniqueProtocolid: text("unique_protocolid").notNull(),
  dbname: text("dbname"),
  edcUrl: text("edc_url"),
  proEnabled: integer("pro_enabled").notNull(),
  package: text("package"),
  subjectPrefixType: text("subject_prefix_type").notNull(),
  subjectPrefixMask: text("subject_prefix_mask").notNull(),
  subjectNumerator: integer("subject_numerator").notNull(),
  enrollmentTarget: integer("enrollment_target"),
  startDate: text("start_date"),
  completionDate: text("completion_date"),
  statusId: integer("status_id").notNull(),
  piUserId: integer("pi_user_id"),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const sites = sqliteTable("sites", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  name: text("name").notNull(),
  uniqueIdentifier: text("unique_identifier").notNull(),
  piName: text("pi_name"),
  startingSubjectId: integer("starting_subject_id").notNull(),
  subjectNumerator: integer("subject_numerator").notNull(),
  edcSiteId: integer("edc_site_id"),
  status: text("status").notNull(),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const studyUsers = sqliteTable("study_users", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  userId: integer("user_id").notNull(),
  roleId: integer("role_id").notNull(),
  dateCreated: text("date_created").notNull(),
});

export const siteUsers = sqliteTable("site_users", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  siteId: integer("site_id").notNull(),
  userId: integer("user_id").notNull(),
  dateCreated: text("date_created").notNull(),
});

import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Drizzle view of migrations/d1/0002_flask.sql (the SQL file is the source of truth). */
export const studyMetadata = sqliteTable("study_metadata", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  key: text("key"),
  value: text("value").notNull(),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const subjects = sqliteTable("subjects", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  siteId: integer("site_id"),
  label: text("label").notNull(),
  email: text("email"),
  phone: text("phone"),
  status: text("status").notNull(),
  edcStudySubjectId: integer("edc_study_subject_id"),
  firstName: text("first_name"),
  lastName: text("last_name"),
  idNumber: text("id_number"),
  icfSigned: integer("icf_signed").notNull(),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const deviceLogs = sqliteTable("device_logs", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  deviceId: text("device_id"),
  subjectLabel: text("subject_label"),
  logType: text("log_type"),
  payload: text("payload"),
  logDate: text("log_date").notNull(),
  createdBy: integer("created_by"),
  dateCreated: text("date_created").notNull(),
});

export const forms = sqliteTable("forms", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  name: text("name").notNull(),
  items: text("items").notNull(),
  version: integer("version").notNull(),
  status: text("status").notNull(),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const formsEvents = sqliteTable("forms_events", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  subjectId: integer("subject_id").notNull(),
  eventName: text("event_name").notNull(),
  status: text("status").notNull(),
  dateCreated: text("date_created").notNull(),
});

export const formsCrfData = sqliteTable("forms_crf_data", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id").notNull(),
  siteId: integer("site_id"),
  subjectId: integer("subject_id").notNull(),
  subjectLabel: text("subject_label").notNull(),
  eventId: integer("event_id").notNull(),
  eventName: text("event_name").notNull(),
  formId: integer("form_id").notNull(),
  crfName: text("crf_name").notNull(),
  crfDataId: text("crf_data_id").notNull(),
  data: text("data").notNull(),
  status: text("status").notNull(),
  createdBy: integer("created_by"),
  dateCreated: text("date_created").notNull(),
  dateUpdated: text("date_updated"),
});

export const billingReports = sqliteTable("billing_reports", {
  id: integer("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  studyId: integer("study_id"),
  billingMonth: text("billing_month").notNull(),
  reportType: text("report_type").notNull(),
  fileName: text("file_name").notNull(),
  r2Key: text("r2_key").notNull(),
  size: integer("size").notNull(),
  dateCreated: text("date_created").notNull(),
});

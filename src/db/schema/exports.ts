import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Drizzle view of migrations/d1/0008_export_jobs.sql (the SQL file is the source of truth). */
export const exportJobs = sqliteTable("export_jobs", {
  id: text("id").primaryKey(),
  customerId: integer("customer_id").notNull(),
  userId: integer("user_id").notNull(),
  dbname: text("dbname").notNull(),
  kind: text("kind").notNull(),
  status: text("status").notNull(),
  plan: text("plan").notNull(),
  notify: text("notify"),
  fileName: text("file_name").notNull(),
  r2Key: text("r2_key").notNull(),
  uploadId: text("upload_id"),
  rows: integer("rows").notNull(),
  bytes: integer("bytes").notNull(),
  parts: integer("parts").notNull(),
  retries: integer("retries").notNull(),
  error: text("error"),
  createdAt: text("created_at").notNull(),
  startedAt: text("started_at"),
  finishedAt: text("finished_at"),
  progressedAt: text("progressed_at"),
});

export const exportNotifications = sqliteTable(
  "export_notifications",
  {
    jobId: text("job_id").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    messageId: text("message_id"),
    error: text("error"),
    sentAt: text("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.recipient] })],
);

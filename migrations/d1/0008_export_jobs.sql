-- Export jobs (issue 14): an extract that runs as a Cloudflare Workflow instead of inside one request.
-- `plan` is the prepared job (its SQL, bound values, snapshot bounds and layout), written once at
-- creation so every slice reads the same thing; `rows`/`bytes`/`parts` move forward per finished slice.
CREATE TABLE export_jobs (
  id TEXT PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  dbname TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  plan TEXT NOT NULL,
  notify TEXT,
  file_name TEXT NOT NULL,
  r2_key TEXT NOT NULL,
  upload_id TEXT,
  rows INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  parts INTEGER NOT NULL DEFAULT 0,
  -- Step attempts that failed and were run again from their own slice.
  retries INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
-- The caller's list, newest first, keyset-paged on (created_at, id).
CREATE INDEX export_jobs_owner ON export_jobs(customer_id, user_id, created_at DESC, id DESC);

-- One row per recipient an export's link was mailed to (E5): what was sent, and the binding's message id.
CREATE TABLE export_notifications (
  job_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT,
  error TEXT,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (job_id, recipient)
);

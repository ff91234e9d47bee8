-- When a job last moved (start, each slice): a queued or running job that has not moved for a while is
-- nudged when its owner reads it (src/edc/exports/resume.ts), so a dev server killed mid-job resumes.
ALTER TABLE export_jobs ADD COLUMN progressed_at TEXT;

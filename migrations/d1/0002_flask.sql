-- FlaskData (flaskdata-api.md §3): study metadata, Flask subjects, device logs, Forms (CRF definitions,
-- events and CRF data documents), billing reports. Every table carries customer_id (tenant key).
-- Indexes: one per filter / keyset order used by src/flask/** (named after the endpoint they serve).

CREATE TABLE study_metadata (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  key TEXT,
  value TEXT NOT NULL DEFAULT '',
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT
);
CREATE INDEX study_metadata_customer ON study_metadata(customer_id, id);       -- F1 keyset
CREATE INDEX study_metadata_study ON study_metadata(study_id, id);

-- Flask subjects (§3.6). Labels unique within a study; numbering per site (sites.subject_numerator).
CREATE TABLE subjects (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  site_id INTEGER REFERENCES sites(id),
  label TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed', 'signed', 'completed')),
  edc_study_subject_id INTEGER,
  first_name TEXT,
  last_name TEXT,
  id_number TEXT,
  icf_signed INTEGER NOT NULL DEFAULT 0,
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT,
  UNIQUE (study_id, label)
);
CREATE INDEX subjects_customer ON subjects(customer_id, id);                   -- F1 keyset
CREATE INDEX subjects_customer_label ON subjects(customer_id, label);          -- subject-role caller lookup
CREATE INDEX subjects_site ON subjects(site_id, id);                           -- site-role scope
CREATE INDEX subjects_study_created ON subjects(study_id, date_created);       -- billing

-- Device logs (§3.7): payload is the client's JSON stored verbatim (text).
CREATE TABLE device_logs (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  device_id TEXT,
  subject_label TEXT,
  log_type TEXT,
  payload TEXT,
  log_date TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX device_logs_study_date ON device_logs(study_id, log_date, id);                  -- F3 keyset, billing
CREATE INDEX device_logs_study_device_date ON device_logs(study_id, device_id, log_date, id); -- F3 with deviceId
CREATE INDEX device_logs_customer ON device_logs(customer_id, id);                           -- F1 keyset

-- Forms: CRF definitions per study. items = JSON array, in display/CSV order:
-- [{"name":"AGE","type":"int"|"number"|"text"|"date"|"datetime"|"boolean"|"code","codes":[1,2]?,"label":"..."?}]
CREATE TABLE forms (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  name TEXT NOT NULL,
  items TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'active',
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT,
  UNIQUE (study_id, name)
);
CREATE INDEX forms_customer ON forms(customer_id, id);                         -- F1 keyset

-- Forms events of a subject (the "link" document of §3.10): one per subject and event name.
CREATE TABLE forms_events (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  event_name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (subject_id, event_name)
);
CREATE INDEX forms_events_customer ON forms_events(customer_id, id);

-- CRF data documents (§3.10 "forms_crf_data"): one per event x form; data = JSON object {ITEM: value}.
CREATE TABLE forms_crf_data (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  site_id INTEGER REFERENCES sites(id),
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  subject_label TEXT NOT NULL,
  event_id INTEGER NOT NULL REFERENCES forms_events(id),
  event_name TEXT NOT NULL,
  form_id INTEGER NOT NULL REFERENCES forms(id),
  crf_name TEXT NOT NULL,
  crf_data_id TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'Started' CHECK (status IN ('Started', 'Closed', 'deactivated')),
  created_by INTEGER REFERENCES users(id),
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT,
  UNIQUE (event_id, form_id)
);
CREATE INDEX forms_crf_data_customer ON forms_crf_data(customer_id, id);                    -- F1 keyset
CREATE INDEX forms_crf_data_subject_crf ON forms_crf_data(subject_id, crf_name, id);        -- F11
CREATE INDEX forms_crf_data_study_form ON forms_crf_data(study_id, form_id, id);            -- CSV zip keyset
CREATE INDEX forms_crf_data_study_subject ON forms_crf_data(study_id, subject_id, id);      -- grouped extract keyset
CREATE INDEX forms_crf_data_study_id ON forms_crf_data(study_id, id);                       -- partial extract keyset
CREATE INDEX forms_crf_data_study_created ON forms_crf_data(study_id, date_created);        -- billing

-- Billing report files (§3.8): one row per file written to R2 at r2_key; a re-run of a month replaces its rows.
CREATE TABLE billing_reports (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER REFERENCES studies(id),
  billing_month TEXT NOT NULL,                  -- 'YYYY-MM'
  report_type TEXT NOT NULL DEFAULT 'customer_admin' CHECK (report_type IN ('customer_admin', 'pi')),
  file_name TEXT NOT NULL,
  r2_key TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (customer_id, billing_month, file_name)
);
CREATE INDEX billing_reports_customer_id ON billing_reports(customer_id, id);  -- F1 keyset (through the view)

-- The customer-admin reports, as F1 serves them (flaskdata-api.md §2.2 names this view).
CREATE VIEW billing_reports_customer AS
  SELECT id, customer_id, study_id, billing_month, report_type, file_name, size, date_created
  FROM billing_reports
  WHERE report_type = 'customer_admin';

-- Foundation: tenants (customers), users, sessions, login audit, the hash-chained audit trail,
-- and the study/site structure that authorisation of /edc and /flask depends on.

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  features TEXT NOT NULL DEFAULT '{}',          -- JSON object: {"billing_report_customer_admin": true, ...}
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT
);

-- Flask roles (flaskdata-api.md §3.2): 2 customer admin (and API users), 3 study, 4 site, 5 subject.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  phone TEXT,
  role_id INTEGER NOT NULL CHECK (role_id IN (2, 3, 4, 5)),
  edc_role_id INTEGER,
  edc_username TEXT,
  password_hash TEXT,
  company_name TEXT,
  study_subject_label TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT
);
CREATE INDEX users_customer ON users(customer_id, id);

-- A session is the `sub` of a token. Only the SHA-256 of the session id is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Every login attempt, good or bad (flaskdata-api.md §0.1). Read by the lockout rule.
CREATE TABLE audit_user_login (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id),
  user_id INTEGER REFERENCES users(id),
  email TEXT NOT NULL COLLATE NOCASE,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'bad_password', 'unknown_user', 'disabled', 'locked', 'logout')),
  ip TEXT,
  user_agent TEXT,
  date_created TEXT NOT NULL
);
CREATE INDEX audit_user_login_email_time ON audit_user_login(email, date_created);
CREATE INDEX audit_user_login_customer ON audit_user_login(customer_id, id);

-- Append-only, hash-chained per tenant ("customer:<id>" or "domain:<name>"): flaskdata-api.md §0.8.
-- hash = SHA-256 over the canonical JSON of the row's fields and prev_hash (src/lib/audit).
CREATE TABLE audit_trail (
  id INTEGER PRIMARY KEY,
  tenant TEXT NOT NULL,
  customer_id INTEGER,
  seq INTEGER NOT NULL,
  date_created TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT,
  reason TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (tenant, seq)
);
CREATE INDEX audit_trail_customer ON audit_trail(customer_id, id);
CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
BEGIN SELECT RAISE(ABORT, 'audit_trail is append-only'); END;
CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
BEGIN SELECT RAISE(ABORT, 'audit_trail is append-only'); END;

-- Studies and sites (flaskdata-api.md §3.3, §3.4). `dbname` names the study's EDC database.
CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  brief_title TEXT NOT NULL,
  official_title TEXT,
  detailed_description TEXT,
  sponsor TEXT,
  url TEXT,
  unique_protocolid TEXT NOT NULL,
  dbname TEXT,
  edc_url TEXT,
  pro_enabled INTEGER NOT NULL DEFAULT 0,
  package TEXT,
  subject_prefix_type TEXT NOT NULL DEFAULT 'site' CHECK (subject_prefix_type IN ('study', 'site')),
  subject_prefix_mask TEXT NOT NULL DEFAULT 'NNN',
  subject_numerator INTEGER NOT NULL DEFAULT 0,
  enrollment_target INTEGER,
  start_date TEXT,
  completion_date TEXT,
  status_id INTEGER NOT NULL DEFAULT 1,          -- 1 active, 2 closed (read-only)
  pi_user_id INTEGER REFERENCES users(id),
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT,
  UNIQUE (customer_id, unique_protocolid)
);
CREATE INDEX studies_customer ON studies(customer_id, id);
CREATE INDEX studies_dbname ON studies(dbname, customer_id);

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  name TEXT NOT NULL,
  unique_identifier TEXT NOT NULL,
  pi_name TEXT,
  starting_subject_id INTEGER NOT NULL DEFAULT 1,
  subject_numerator INTEGER NOT NULL DEFAULT 0,
  edc_site_id INTEGER,
  status TEXT NOT NULL DEFAULT 'active',
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  date_updated TEXT,
  UNIQUE (study_id, unique_identifier)
);
CREATE INDEX sites_customer ON sites(customer_id, id);

CREATE TABLE study_users (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  study_id INTEGER NOT NULL REFERENCES studies(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  role_id INTEGER NOT NULL,
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (study_id, user_id)
);
CREATE INDEX study_users_user ON study_users(user_id, study_id);

CREATE TABLE site_users (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  site_id INTEGER NOT NULL REFERENCES sites(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (site_id, user_id)
);
CREATE INDEX site_users_user ON site_users(user_id, site_id);

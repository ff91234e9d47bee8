-- CommCare HQ compatible API (commcare-api.md): domains, their users, roles and API keys,
-- applications, submitted forms, cases and the location hierarchy. Every table is `cc_*` and
-- scoped by domain_id; web users are global and join domains through cc_memberships.

CREATE TABLE cc_domains (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  features TEXT NOT NULL DEFAULT '["API","LOCATIONS"]',   -- JSON array of privileges: API, LOCATIONS
  api_blacklisted INTEGER NOT NULL DEFAULT 0,             -- the API_BLACKLIST toggle (§2.1 step 2)
  rate_limit_per_minute INTEGER,                          -- overrides COMMCARE_RATE_LIMIT_PER_MINUTE
  created_at TEXT NOT NULL
);

-- Web users (global, domain_id NULL) and mobile workers (domain_id set).
CREATE TABLE cc_users (
  id INTEGER PRIMARY KEY,
  user_uuid TEXT NOT NULL UNIQUE,                         -- CommCare's hex user id
  domain_id INTEGER REFERENCES cc_domains(id),
  user_type TEXT NOT NULL CHECK (user_type IN ('web', 'mobile')),
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  email TEXT NOT NULL DEFAULT '',
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  phone_numbers TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT,
  is_active INTEGER NOT NULL DEFAULT 1,
  is_superuser INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX cc_users_domain ON cc_users(domain_id, id);

CREATE TABLE cc_roles (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  name TEXT NOT NULL,
  permissions TEXT NOT NULL DEFAULT '[]',                 -- JSON array: access_api, edit_data, edit_commcare_users, edit_locations
  UNIQUE (domain_id, name)
);

CREATE TABLE cc_memberships (
  user_id INTEGER NOT NULL REFERENCES cc_users(id),
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  role_id INTEGER NOT NULL REFERENCES cc_roles(id),
  PRIMARY KEY (user_id, domain_id)
);
CREATE INDEX cc_memberships_domain ON cc_memberships(domain_id, user_id);

-- Only the SHA-256 of a key is stored.
CREATE TABLE cc_api_keys (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES cc_users(id),
  name TEXT NOT NULL DEFAULT '',
  key_hash TEXT NOT NULL UNIQUE,
  domain_id INTEGER REFERENCES cc_domains(id),            -- domain scope; NULL = any domain of the user
  role_id INTEGER REFERENCES cc_roles(id),                -- optional role restricting the key
  ip_allowlist TEXT,                                       -- JSON array of IPs; NULL = any
  expires_at TEXT,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX cc_api_keys_user ON cc_api_keys(user_id);

-- Applications and their builds (a build has copy_of = the working copy's id).
CREATE TABLE cc_applications (
  id TEXT PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  name TEXT NOT NULL,
  copy_of TEXT REFERENCES cc_applications(id),
  version INTEGER NOT NULL DEFAULT 1,
  build_comment TEXT,
  built_on TEXT,
  is_released INTEGER NOT NULL DEFAULT 0,
  is_remote INTEGER NOT NULL DEFAULT 0,
  langs TEXT NOT NULL DEFAULT '["en"]',
  doc TEXT NOT NULL DEFAULT '{}',                         -- the raw application document (?extras=true)
  date_created TEXT
);
CREATE INDEX cc_applications_domain ON cc_applications(domain_id, date_created, id);
CREATE INDEX cc_applications_copy_of ON cc_applications(copy_of, version);

CREATE TABLE cc_app_modules (
  id INTEGER PRIMARY KEY,
  app_id TEXT NOT NULL REFERENCES cc_applications(id),
  position INTEGER NOT NULL,
  unique_id TEXT NOT NULL,
  name TEXT NOT NULL,                                     -- JSON {lang: text}
  case_type TEXT NOT NULL DEFAULT '',
  case_properties TEXT NOT NULL DEFAULT '[]',
  UNIQUE (app_id, position)
);

CREATE TABLE cc_app_forms (
  id INTEGER PRIMARY KEY,
  module_id INTEGER NOT NULL REFERENCES cc_app_modules(id),
  position INTEGER NOT NULL,
  unique_id TEXT NOT NULL,
  name TEXT NOT NULL,                                     -- JSON {lang: text}
  xmlns TEXT NOT NULL,
  UNIQUE (module_id, position)
);

CREATE TABLE cc_app_questions (
  id INTEGER PRIMARY KEY,
  form_id INTEGER NOT NULL REFERENCES cc_app_forms(id),
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  tag TEXT NOT NULL,
  value TEXT NOT NULL,                                    -- /data/... path
  type TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0,
  options TEXT,                                           -- JSON [{label, value}] for selects
  UNIQUE (form_id, position)
);

-- Submitted forms (XFormInstance). `id` is the form's instanceID.
CREATE TABLE cc_forms (
  id TEXT PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  xmlns TEXT NOT NULL,
  app_id TEXT,
  build_id TEXT,
  user_id TEXT,
  received_on TEXT NOT NULL,                              -- ISO UTC with microseconds and Z
  server_modified_on TEXT NOT NULL,
  indexed_on TEXT NOT NULL,
  edited_on TEXT,
  edited_by_user_id TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  form_json TEXT NOT NULL,
  metadata_json TEXT,
  xml TEXT NOT NULL,
  submit_ip TEXT,
  openrosa_version TEXT,
  uiversion TEXT,
  version TEXT
);
CREATE INDEX cc_forms_received ON cc_forms(domain_id, received_on, id);
CREATE INDEX cc_forms_modified ON cc_forms(domain_id, server_modified_on, id);
CREATE INDEX cc_forms_indexed ON cc_forms(domain_id, indexed_on, id);

-- Which cases a form touched (form `case_id` filter, `cases__full`, a case's `xform_ids`).
CREATE TABLE cc_form_cases (
  form_id TEXT NOT NULL REFERENCES cc_forms(id),
  case_id TEXT NOT NULL,
  domain_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (form_id, case_id)
);
CREATE INDEX cc_form_cases_case ON cc_form_cases(case_id, form_id);

CREATE TABLE cc_cases (
  id TEXT PRIMARY KEY,                                    -- case_id
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  case_type TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  owner_id TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL DEFAULT '',
  external_id TEXT,
  opened_by TEXT,
  opened_on TEXT,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_by TEXT,
  closed_on TEXT,
  modified_on TEXT NOT NULL,                              -- phone time (date_modified)
  server_modified_on TEXT NOT NULL,
  server_opened_on TEXT,
  indexed_on TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',                  -- dynamic properties
  xform_ids TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX cc_cases_modified ON cc_cases(domain_id, server_modified_on, id);
CREATE INDEX cc_cases_date_modified ON cc_cases(domain_id, modified_on, id);
CREATE INDEX cc_cases_indexed ON cc_cases(domain_id, indexed_on, id);

CREATE TABLE cc_case_indices (
  case_id TEXT NOT NULL REFERENCES cc_cases(id),
  identifier TEXT NOT NULL,
  referenced_id TEXT NOT NULL,
  referenced_type TEXT NOT NULL DEFAULT '',
  relationship TEXT NOT NULL DEFAULT 'child',
  domain_id INTEGER NOT NULL,
  PRIMARY KEY (case_id, identifier)
);
CREATE INDEX cc_case_indices_ref ON cc_case_indices(referenced_id);

CREATE TABLE cc_location_types (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  parent_type_id INTEGER REFERENCES cc_location_types(id),
  administrative INTEGER NOT NULL DEFAULT 0,
  shares_cases INTEGER NOT NULL DEFAULT 0,
  view_descendants INTEGER NOT NULL DEFAULT 0,
  UNIQUE (domain_id, code)
);

CREATE TABLE cc_locations (
  id INTEGER PRIMARY KEY,
  location_id TEXT NOT NULL UNIQUE,
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  name TEXT NOT NULL,
  site_code TEXT NOT NULL,
  external_id TEXT,
  location_type_id INTEGER NOT NULL REFERENCES cc_location_types(id),
  parent_id INTEGER REFERENCES cc_locations(id),
  latitude TEXT,                                          -- decimal string, scale 10
  longitude TEXT,
  location_data TEXT NOT NULL DEFAULT '{}',
  is_archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,                               -- naive UTC, always 6 fraction digits
  last_modified TEXT NOT NULL
);
CREATE UNIQUE INDEX cc_locations_site_code ON cc_locations(domain_id, lower(site_code));
CREATE INDEX cc_locations_parent ON cc_locations(domain_id, parent_id);
CREATE INDEX cc_locations_modified ON cc_locations(domain_id, last_modified, id);

-- Custom location-data fields (custom_data_fields): checked on location writes.
CREATE TABLE cc_location_fields (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  position INTEGER NOT NULL,
  slug TEXT NOT NULL,
  label TEXT NOT NULL,
  is_required INTEGER NOT NULL DEFAULT 0,
  choices TEXT,                                           -- JSON array of strings
  regex TEXT,
  regex_msg TEXT,
  UNIQUE (domain_id, slug)
);

-- ClinCapture EDC (OpenClinica 3.x fork) — minimal emulation subset.
-- Spec: flaskdata-api.md §4.1–4.2, §4.8. Columns, lookup values and OID formats follow the ClinCapture
-- 2016 pg_dump (gpinkham/ClinCaptureSvn InitialDE_db.sql); a few descriptive columns are left out.
--
-- Loading contract (scripts/edc/load.mjs):
--   * every name is UNQUALIFIED: the loader runs `CREATE SCHEMA IF NOT EXISTS <s>; SET LOCAL search_path TO <s>;`
--     first, so all tables, serial sequences, indexes, views and functions land in that one schema
--     (one schema = one emulated EDC database, e.g. cc_demo, cc_other);
--   * no CREATE EXTENSION, nothing in public, no PL/pgSQL;
--   * re-running the file in the same schema is harmless (IF NOT EXISTS / ON CONFLICT DO NOTHING / OR REPLACE).
-- Conventions (§4): status_id → status; owner_id / update_id → user_account.user_id;
-- date_created timestamptz; date_updated timestamptz, NULL until the first update.

-- ---------------------------------------------------------------------------------------------------------------
-- Lookup tables (real ClinCapture values)
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS status (
  status_id   integer PRIMARY KEY,
  name        varchar(255),
  description varchar(1000)
);
INSERT INTO status (status_id, name, description) VALUES
  (1,  'available', 'this is the active status'),
  (2,  'unavailable', 'this is the inactive status'),
  (3,  'private', NULL),
  (4,  'pending', NULL),
  (5,  'removed', 'this indicates that a record is specifically removed by user'),
  (6,  'locked', NULL),
  (7,  'auto-removed', 'this indicates that a record is removed due to the removal of its parent record'),
  (8,  'signed', 'this indicates all StudyEvents has been signed'),
  (9,  'frozen', 'frozen'),
  (10, 'souce_data_verification', 'indicates the element has undergone SDV'),
  (17, 'partial_data_entry', 'indicates that CRF contains unvalidated data'),
  (18, 'partial_double_data_entry', 'indicates that CRF contains unvalidated data')
ON CONFLICT (status_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS subject_event_status (
  subject_event_status_id integer PRIMARY KEY,
  name        varchar(255),
  description varchar(1000)
);
INSERT INTO subject_event_status (subject_event_status_id, name, description) VALUES
  (1, 'scheduled', ''), (2, 'not scheduled', ''), (3, 'data entry started', ''), (4, 'completed', ''),
  (5, 'stopped', ''), (6, 'skipped', ''), (7, 'locked', ''), (8, 'signed', ''),
  (9, 'source_data_verified', ''), (10, 'removed', '')
ON CONFLICT (subject_event_status_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS item_data_type (
  item_data_type_id integer PRIMARY KEY,
  code       varchar(20),
  name       varchar(255),
  definition varchar(1000),
  reference  varchar(1000)
);
INSERT INTO item_data_type (item_data_type_id, code, name, definition) VALUES
  (1,  'BL', 'Boolean', NULL),
  (2,  'BN', 'BooleanNonNull', NULL),
  (3,  'ED', 'Encapsulated Data', NULL),
  (4,  'TEL', 'A telecommunication address', NULL),
  (5,  'ST', 'Character String', NULL),
  (6,  'INT', 'Integer', NULL),
  (7,  'REAL', 'Floating', NULL),
  (8,  'SET', NULL, 'a value that contains other distinct values'),
  (9,  'DATE', 'date', 'date'),
  (10, 'PDATE', 'partial date', 'year only or year with month or date'),
  (11, 'FILE', 'File', 'File name, extension and path'),
  (12, 'CODE', 'Medical Coding', 'Type to be coded medically'),
  (13, 'DIVIDER', 'Divider', 'Type to be divider'),
  (14, 'LABEL', 'Label', 'Type to be label')
ON CONFLICT (item_data_type_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS response_type (
  response_type_id integer PRIMARY KEY,
  name        varchar(255),
  description varchar(1000)
);
INSERT INTO response_type (response_type_id, name, description) VALUES
  (1,  'text', 'free form text entry limited to one line'),
  (2,  'textarea', 'free form text area display'),
  (3,  'checkbox', 'selecting one from many options'),
  (4,  'file', 'for upload of files'),
  (5,  'radio', 'selecting one from many options'),
  (6,  'single-select', 'pick one from a list'),
  (7,  'multi-select', 'pick many from a list'),
  (8,  'calculation', 'value calculated automatically'),
  (9,  'group-calculation', 'value calculated automatically from an entire group of items'),
  (10, 'instant-calculation', 'for barcode')
ON CONFLICT (response_type_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS user_type (
  user_type_id integer PRIMARY KEY,
  user_type    varchar(50)
);
INSERT INTO user_type (user_type_id, user_type) VALUES (1, 'admin'), (2, 'user'), (3, 'tech-admin')
ON CONFLICT (user_type_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS study_type (
  study_type_id integer PRIMARY KEY,
  name          varchar(255),
  description   varchar(1000)
);
INSERT INTO study_type (study_type_id, name) VALUES (1, 'genetic'), (2, 'non-genetic')
ON CONFLICT (study_type_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS item_reference_type (
  item_reference_type_id integer PRIMARY KEY,
  name        varchar(255),
  description varchar(1000)
);
INSERT INTO item_reference_type (item_reference_type_id, name) VALUES (1, 'literal')
ON CONFLICT (item_reference_type_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS completion_status (
  completion_status_id integer PRIMARY KEY,
  status_id   integer REFERENCES status,
  name        varchar(255),
  description varchar(1000)
);
INSERT INTO completion_status (completion_status_id, status_id, name, description)
VALUES (1, 1, 'completion status', 'place filler for completion status')
ON CONFLICT (completion_status_id) DO NOTHING;

CREATE TABLE IF NOT EXISTS audit_log_event_type (
  audit_log_event_type_id integer PRIMARY KEY,
  name varchar(255)
);
INSERT INTO audit_log_event_type (audit_log_event_type_id, name) VALUES
  (1, 'item_data_value_updated'), (2, 'study_subject_created'), (3, 'study_subject_status_changed'),
  (4, 'study_subject_value_changed'), (5, 'subject_created'), (6, 'subject_status_changed'),
  (7, 'subject_global_value_changed'), (8, 'event_crf_marked_complete'), (9, 'event_crf_properties_changed'),
  (10, 'event_crf_initial_data_entry_complete'), (11, 'event_crf_double_data_entry_complete'),
  (12, 'item_data_status_changed'), (13, 'item_data_deleted'), (14, 'event_crf_complete_with_password'),
  (15, 'event_crf_initial_data_entry_complete_with_password'),
  (16, 'event_crf_double_data_entry_complete_with_password'), (17, 'study_event_scheduled'),
  (18, 'study_event_data_entry_started'), (19, 'study_event_completed'), (20, 'study_event_stopped'),
  (21, 'study_event_skipped'), (22, 'study_event_locked'), (23, 'study_event_removed'),
  (24, 'study_event_start_date_changed'), (25, 'study_event_end_date_changed'),
  (26, 'study_event_location_changed'), (27, 'subject_site_assignment'), (28, 'subject_group_assignment'),
  (29, 'subject_group_changed'), (30, 'item_data_inserted_for_repeating_row'), (31, 'study_event_signed'),
  (32, 'eventcrf_sdv_status'), (50, 'study_event_source_data_verified'), (51, 'study_event_deleted'),
  (52, 'item_data_skipped'), (53, 'medical_coding'), (54, 'event_crf_deleted')
ON CONFLICT (audit_log_event_type_id) DO NOTHING;

-- ---------------------------------------------------------------------------------------------------------------
-- Users and roles. user_account is a CREDENTIAL TABLE (passwd, challenge answer): never extractable.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS user_account (
  user_id                   serial PRIMARY KEY,
  user_name                 varchar(64),
  passwd                    varchar(255),
  first_name                varchar(50),
  last_name                 varchar(50),
  email                     varchar(120),
  active_study              integer,
  institutional_affiliation varchar(255),
  status_id                 integer REFERENCES status,
  owner_id                  integer,
  date_created              timestamptz,
  date_updated              timestamptz,
  date_lastvisit            timestamp,
  passwd_timestamp          timestamptz,
  passwd_challenge_question varchar(64),
  passwd_challenge_answer   varchar(255),
  phone                     varchar(64),
  user_type_id              integer REFERENCES user_type,
  update_id                 integer,
  enabled                   boolean NOT NULL DEFAULT true,
  account_non_locked        boolean NOT NULL DEFAULT true,
  lock_counter              integer NOT NULL DEFAULT 0,
  run_webservices           boolean NOT NULL DEFAULT false,
  time_zone_id              text
);
CREATE UNIQUE INDEX IF NOT EXISTS user_account_user_name_key ON user_account (user_name);
COMMENT ON TABLE user_account IS 'credential table (passwd): must never be served by extract-data';

-- role_name: system_administrator, study_administrator, study_monitor, investigator,
-- clinical_research_coordinator, site_monitor, study_coder, study_evaluator
CREATE TABLE IF NOT EXISTS study_user_role (
  study_user_role_id serial PRIMARY KEY,
  role_name          varchar(40),
  study_id           integer NOT NULL,
  status_id          integer REFERENCES status,
  owner_id           integer,
  date_created       timestamptz,
  date_updated       timestamptz,
  update_id          integer,
  user_name          varchar(64)
);
CREATE INDEX IF NOT EXISTS study_user_role_user_name_idx ON study_user_role (user_name);

-- ---------------------------------------------------------------------------------------------------------------
-- Study / site tree (parent_study_id NULL = study, NOT NULL = site)
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS study (
  study_id                  serial PRIMARY KEY,
  parent_study_id           integer REFERENCES study (study_id),
  unique_identifier         varchar(30),
  secondary_identifier      varchar(255),
  name                      varchar(255),
  summary                   varchar(2000),
  official_title            varchar(255),
  brief_title               varchar(255) DEFAULT '',
  principal_investigator    varchar(255),
  facility_name             varchar(255),
  facility_city             varchar(255),
  facility_country          varchar(64),
  expected_total_enrollment integer,
  protocol_type             varchar(30),
  phase                     varchar(30),
  sponsor                   varchar(255),
  date_planned_start        timestamptz,
  date_planned_end          timestamptz,
  date_created              timestamptz,
  date_updated              timestamptz,
  owner_id                  integer,
  update_id                 integer,
  type_id                   integer REFERENCES study_type,
  status_id                 integer REFERENCES status,
  old_status_id             integer DEFAULT 1,
  oc_oid                    varchar(40) NOT NULL,
  origin                    varchar(20) NOT NULL DEFAULT 'gui',
  CONSTRAINT study_oc_oid_key UNIQUE (oc_oid),
  CONSTRAINT study_unique_identifier_key UNIQUE (unique_identifier)
);
CREATE INDEX IF NOT EXISTS study_parent_study_id_idx ON study (parent_study_id);

-- subjectIdGeneration ('manual'|'auto-editable'|'auto-non-editable'), autoGeneratedPrefix ('SiteID'),
-- autoGeneratedSeparator ('-'), autoGeneratedSuffix ('3'), dateOfEnrollmentForStudyRequired, genderRequired, collectDob …
CREATE TABLE IF NOT EXISTS study_parameter_value (
  study_parameter_value_id serial PRIMARY KEY,
  study_id  integer REFERENCES study (study_id),
  value     varchar(50),
  parameter varchar(50)
);
CREATE INDEX IF NOT EXISTS study_parameter_value_study_idx ON study_parameter_value (study_id, parameter);

-- ClinCapture counter used for auto labels: name = study/site unique_identifier, index = last number issued.
CREATE TABLE IF NOT EXISTS study_subject_id (
  id      serial PRIMARY KEY,
  name    varchar(255) NOT NULL,
  index   integer DEFAULT 0,
  version integer,
  CONSTRAINT study_subject_id_name_key UNIQUE (name)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Subjects
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS subject (
  subject_id        serial PRIMARY KEY,
  father_id         integer,
  mother_id         integer,
  status_id         integer REFERENCES status,
  date_of_birth     timestamptz,
  gender            char(1),                 -- 'm' | 'f' | ''
  unique_identifier varchar(255),            -- Person ID ('' when none)
  date_created      timestamptz,
  owner_id          integer,
  date_updated      timestamptz,
  update_id         integer,
  dob_collected     boolean
);
CREATE INDEX IF NOT EXISTS subject_unique_identifier_idx ON subject (unique_identifier);

-- Labels are NOT unique in the DB (ClinCapture enforces uniqueness per study tree in code, §4.8.1).
CREATE TABLE IF NOT EXISTS study_subject (
  study_subject_id       serial PRIMARY KEY,
  label                  varchar(30),
  secondary_label        varchar(30),
  subject_id             integer REFERENCES subject (subject_id),
  study_id               integer REFERENCES study (study_id),   -- site, or the study itself
  status_id              integer REFERENCES status,
  enrollment_date        timestamptz,
  date_created           timestamptz,
  date_updated           timestamptz,
  owner_id               integer,
  update_id              integer,
  oc_oid                 varchar(40) NOT NULL,
  dynamic_group_class_id integer DEFAULT 0,
  randomization_date     timestamptz,
  randomization_result   varchar(255),
  old_status_id          integer DEFAULT 1,
  states                 varchar(11) NOT NULL DEFAULT '0,0,0,0',
  CONSTRAINT study_subject_oc_oid_key UNIQUE (oc_oid)
);
CREATE INDEX IF NOT EXISTS study_subject_study_id_idx ON study_subject (study_id);
CREATE INDEX IF NOT EXISTS study_subject_label_idx ON study_subject (label);
CREATE INDEX IF NOT EXISTS study_subject_subject_id_idx ON study_subject (subject_id);
CREATE INDEX IF NOT EXISTS study_subject_date_created_idx ON study_subject (date_created);

-- Suffix counter for colliding study_subject OIDs: SS_<LABEL8>_<zeroPad7(nextval)> (§4.8.6).
CREATE SEQUENCE IF NOT EXISTS study_subject_oid_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 NO CYCLE;

-- ---------------------------------------------------------------------------------------------------------------
-- Study design: events, CRFs, versions, sections, items, groups, response sets
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS study_event_definition (
  study_event_definition_id serial PRIMARY KEY,
  study_id        integer REFERENCES study (study_id),     -- the parent study
  name            varchar(2000),
  description     varchar(2000),
  repeating       boolean,
  type            varchar(20),                              -- scheduled | unscheduled | common | calendared_visit
  category        varchar(2000),
  owner_id        integer,
  status_id       integer REFERENCES status,
  date_created    timestamptz,
  date_updated    timestamptz,
  update_id       integer,
  ordinal         integer,
  oc_oid          varchar(40) NOT NULL,
  day_min         integer,
  day_max         integer,
  day_email       integer,
  schedule_day    integer,
  reference_visit boolean DEFAULT false,
  email_user_id   integer DEFAULT 0,
  CONSTRAINT study_event_definition_oc_oid_key UNIQUE (oc_oid)
);
CREATE INDEX IF NOT EXISTS study_event_definition_study_id_idx ON study_event_definition (study_id);

CREATE TABLE IF NOT EXISTS crf (
  crf_id          serial PRIMARY KEY,
  status_id       integer REFERENCES status,
  name            varchar(255),
  description     varchar(2048),
  owner_id        integer,
  date_created    timestamptz,
  date_updated    timestamptz,
  update_id       integer,
  oc_oid          varchar(40) NOT NULL,
  source_study_id integer,
  auto_layout     boolean DEFAULT false,
  source          varchar(50),                              -- 'excel'
  CONSTRAINT crf_oc_oid_key UNIQUE (oc_oid)
);

CREATE TABLE IF NOT EXISTS crf_version (
  crf_version_id serial PRIMARY KEY,
  crf_id         integer NOT NULL REFERENCES crf (crf_id),
  name           varchar(255),
  description    varchar(4000),
  revision_notes varchar(255),
  status_id      integer REFERENCES status,
  date_created   timestamptz,
  date_updated   timestamptz,
  owner_id       integer,
  update_id      integer,
  oc_oid         varchar(120) NOT NULL,
  CONSTRAINT crf_version_oc_oid_key UNIQUE (oc_oid)
);
CREATE INDEX IF NOT EXISTS crf_version_crf_id_idx ON crf_version (crf_id);

CREATE TABLE IF NOT EXISTS event_definition_crf (
  event_definition_crf_id   serial PRIMARY KEY,
  study_event_definition_id integer REFERENCES study_event_definition (study_event_definition_id),
  study_id                  integer,
  crf_id                    integer REFERENCES crf (crf_id),
  required_crf              boolean,
  double_entry              boolean,
  require_all_text_filled   boolean,
  decision_conditions       boolean,
  null_values               varchar(255),
  default_version_id        integer REFERENCES crf_version (crf_version_id),
  status_id                 integer REFERENCES status,
  owner_id                  integer,
  date_created              timestamptz,
  date_updated              timestamptz,
  update_id                 integer,
  ordinal                   integer,
  electronic_signature      boolean DEFAULT false,
  hide_crf                  boolean DEFAULT false,
  source_data_verification_code integer,
  selected_version_ids      varchar(150),
  parent_id                 integer,                      -- site-level override of a study-level row
  evaluated_crf             boolean DEFAULT false,
  tabbing_mode              varchar(255) DEFAULT 'leftToRight',
  accept_new_crf_versions   boolean DEFAULT false
);
CREATE INDEX IF NOT EXISTS event_definition_crf_sed_idx ON event_definition_crf (study_event_definition_id);
CREATE INDEX IF NOT EXISTS event_definition_crf_crf_idx ON event_definition_crf (crf_id);

CREATE TABLE IF NOT EXISTS section (
  section_id        serial PRIMARY KEY,
  crf_version_id    integer NOT NULL REFERENCES crf_version (crf_version_id),
  status_id         integer REFERENCES status,
  label             varchar(2000),
  title             varchar(2000),
  subtitle          text,
  instructions      text,
  page_number_label varchar(5),
  ordinal           integer,
  parent_id         integer,
  date_created      timestamptz,
  date_updated      timestamptz,
  owner_id          integer NOT NULL,
  update_id         integer,
  borders           integer
);
CREATE INDEX IF NOT EXISTS section_crf_version_id_idx ON section (crf_version_id);

CREATE TABLE IF NOT EXISTS item (
  item_id                serial PRIMARY KEY,
  name                   varchar(255),                    -- variable name = CSV column
  description            varchar(4000),
  units                  varchar(64),
  phi_status             boolean,
  item_data_type_id      integer REFERENCES item_data_type,
  item_reference_type_id integer REFERENCES item_reference_type,
  status_id              integer REFERENCES status,
  owner_id               integer,
  date_created           timestamptz,
  date_updated           timestamptz,
  update_id              integer,
  oc_oid                 varchar(40) NOT NULL,
  sas_name               varchar(12),
  CONSTRAINT item_oc_oid_key UNIQUE (oc_oid)
);
CREATE INDEX IF NOT EXISTS item_name_idx ON item (name);

CREATE TABLE IF NOT EXISTS item_group (
  item_group_id serial PRIMARY KEY,
  name          varchar(255),
  crf_id        integer NOT NULL REFERENCES crf (crf_id),
  status_id     integer REFERENCES status,
  date_created  timestamptz,
  date_updated  timestamptz,
  owner_id      integer,
  update_id     integer,
  oc_oid        varchar(120) NOT NULL,
  CONSTRAINT item_group_oc_oid_key UNIQUE (oc_oid)
);

CREATE TABLE IF NOT EXISTS item_group_metadata (
  item_group_metadata_id serial PRIMARY KEY,
  item_group_id   integer NOT NULL REFERENCES item_group (item_group_id),
  header          varchar(255),
  subheader       varchar(255),
  layout          varchar(100),
  repeat_number   integer,
  repeat_max      integer,
  repeat_array    varchar(255),
  row_start_number integer,
  crf_version_id  integer NOT NULL REFERENCES crf_version (crf_version_id),
  item_id         integer NOT NULL REFERENCES item (item_id),
  ordinal         integer NOT NULL,
  borders         integer,
  show_group      boolean DEFAULT true,
  repeating_group boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS item_group_metadata_version_item_idx ON item_group_metadata (crf_version_id, item_id);

CREATE TABLE IF NOT EXISTS response_set (
  response_set_id  serial PRIMARY KEY,
  response_type_id integer REFERENCES response_type,
  label            varchar(80),
  options_text     varchar(4000),                          -- comma-separated, '\,' escapes a comma
  options_values   varchar(4000),
  version_id       integer                                 -- crf_version_id
);

CREATE TABLE IF NOT EXISTS item_form_metadata (
  item_form_metadata_id serial PRIMARY KEY,
  item_id               integer NOT NULL REFERENCES item (item_id),
  crf_version_id        integer REFERENCES crf_version (crf_version_id),
  header                varchar(2000),
  subheader             varchar(240),
  parent_id             integer,
  parent_label          varchar(120),
  column_number         integer,
  page_number_label     varchar(5),
  question_number_label varchar(20),
  left_item_text        varchar(4000),
  right_item_text       varchar(2000),
  section_id            integer NOT NULL REFERENCES section (section_id),
  response_set_id       integer NOT NULL REFERENCES response_set (response_set_id),
  regexp                varchar(1000),
  regexp_error_msg      varchar(255),
  ordinal               integer NOT NULL,
  required              boolean,
  default_value         varchar(4000),
  response_layout       varchar(255),
  width_decimal         varchar(10),
  show_item             boolean DEFAULT true,
  code_ref              varchar(255),
  pseudo_child          integer DEFAULT 0
);
CREATE INDEX IF NOT EXISTS item_form_metadata_version_idx ON item_form_metadata (crf_version_id, ordinal);
CREATE INDEX IF NOT EXISTS item_form_metadata_item_idx ON item_form_metadata (item_id);

-- ---------------------------------------------------------------------------------------------------------------
-- Clinical data: study_event → event_crf → item_data
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS study_event (
  study_event_id            serial PRIMARY KEY,
  study_event_definition_id integer REFERENCES study_event_definition (study_event_definition_id),
  study_subject_id          integer REFERENCES study_subject (study_subject_id),
  location                  varchar(2000),
  sample_ordinal            integer,                       -- repeat number, 1-based
  date_start                timestamp,                     -- naive, treated as UTC
  date_end                  timestamp,
  owner_id                  integer,
  status_id                 integer REFERENCES status,
  date_created              timestamptz,
  date_updated              timestamptz,
  update_id                 integer,
  subject_event_status_id   integer REFERENCES subject_event_status,
  start_time_flag           boolean,
  end_time_flag             boolean,
  prev_subject_event_status integer NOT NULL DEFAULT 0,
  reference_visit_id        integer DEFAULT 0,
  old_status_id             integer DEFAULT 1,
  states                    varchar(8) NOT NULL DEFAULT '0,0,0'
);
CREATE INDEX IF NOT EXISTS study_event_study_subject_id_idx ON study_event (study_subject_id);
CREATE INDEX IF NOT EXISTS study_event_sed_idx ON study_event (study_event_definition_id);
CREATE INDEX IF NOT EXISTS study_event_date_start_idx ON study_event (date_start);

CREATE TABLE IF NOT EXISTS event_crf (
  event_crf_id                serial PRIMARY KEY,
  study_event_id              integer REFERENCES study_event (study_event_id),
  crf_version_id              integer REFERENCES crf_version (crf_version_id),
  date_interviewed            timestamptz,
  interviewer_name            varchar(255),
  completion_status_id        integer REFERENCES completion_status,
  status_id                   integer REFERENCES status,
  annotations                 varchar(4000),
  date_completed              timestamp,
  validator_id                integer,
  date_validate               timestamptz,
  date_validate_completed     timestamp,
  validator_annotations       varchar(4000),
  validate_string             varchar(256),
  owner_id                    integer,
  date_created                timestamptz,
  study_subject_id            integer REFERENCES study_subject (study_subject_id),
  date_updated                timestamptz,
  update_id                   integer,
  electronic_signature_status boolean DEFAULT false,
  sdv_status                  boolean NOT NULL DEFAULT false,
  old_status_id               integer DEFAULT 1,
  sdv_update_id               integer DEFAULT 0,
  not_started                 boolean NOT NULL DEFAULT false,   -- placeholder row, no data yet
  states                      varchar(11) NOT NULL DEFAULT '0,0,0,0'
);
CREATE INDEX IF NOT EXISTS event_crf_study_event_id_idx ON event_crf (study_event_id);
CREATE INDEX IF NOT EXISTS event_crf_study_subject_id_idx ON event_crf (study_subject_id);
CREATE INDEX IF NOT EXISTS event_crf_crf_version_id_idx ON event_crf (crf_version_id);
CREATE INDEX IF NOT EXISTS event_crf_date_updated_idx ON event_crf ((COALESCE(date_updated, date_created)));

-- value is always text: dates as entered, multi-select 'a,b'. ordinal = repeating-group row (1-based).
CREATE TABLE IF NOT EXISTS item_data (
  item_data_id      serial PRIMARY KEY,
  item_id           integer NOT NULL REFERENCES item (item_id),
  event_crf_id      integer REFERENCES event_crf (event_crf_id),
  status_id         integer REFERENCES status,
  value             varchar(4000),
  date_created      timestamptz,
  date_updated      timestamptz,
  owner_id          integer,
  update_id         integer,
  ordinal           integer,
  old_status_id     integer,
  sdv               boolean DEFAULT false,
  partial_dde_value varchar(4000),
  CONSTRAINT item_data_item_id_event_crf_id_ordinal_key UNIQUE (item_id, event_crf_id, ordinal)
);
CREATE INDEX IF NOT EXISTS item_data_event_crf_id_idx ON item_data (event_crf_id);
CREATE INDEX IF NOT EXISTS item_data_date_updated_idx ON item_data ((COALESCE(date_updated, date_created)));
-- cc_event_data exposes date_updated AS COALESCE(d.date_updated, d.date_created); the API's generic date rule
-- (flaskdata-api.md §0.4) filters COALESCE(date_updated, date_created) of the view, i.e. this nested expression:
CREATE INDEX IF NOT EXISTS item_data_view_date_updated_idx
  ON item_data ((COALESCE(COALESCE(date_updated, date_created), date_created)));

-- ---------------------------------------------------------------------------------------------------------------
-- Audit trail (ClinCapture fills it from triggers; the emulator's API writes the rows itself, §4.8.8)
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS audit_log_event (
  audit_id                  serial PRIMARY KEY,
  audit_date                timestamptz NOT NULL DEFAULT now(),
  audit_table               varchar(500) NOT NULL,
  user_id                   integer,
  entity_id                 integer,
  entity_name               varchar(500),
  reason_for_change         varchar(1000),
  audit_log_event_type_id   integer REFERENCES audit_log_event_type,
  old_value                 varchar(2000),
  new_value                 varchar(2000),
  event_crf_id              integer,
  study_event_id            integer,
  event_crf_version_id      integer,
  ordinal                   integer,
  name                      varchar(255),
  version                   varchar(255),
  date_interviewed          timestamptz,
  interviewer_name          varchar(255),
  event_definition_crf_id   integer,
  location                  varchar(2000),
  date_start                timestamptz,
  study_event_definition_id integer,
  study_subject_id          integer,
  study_id                  integer                        -- emulator addition: the study/site concerned
);
CREATE INDEX IF NOT EXISTS audit_log_event_entity_idx ON audit_log_event (audit_table, entity_id);
CREATE INDEX IF NOT EXISTS audit_log_event_study_subject_idx ON audit_log_event (study_subject_id);
CREATE INDEX IF NOT EXISTS audit_log_event_audit_date_idx ON audit_log_event (audit_date);

-- ---------------------------------------------------------------------------------------------------------------
-- A VOLATILE function: it writes. extract-data must refuse it (flaskdata-api.md §0.4: functions must not be VOLATILE).
-- SQL-standard body (BEGIN ATOMIC): names are bound at creation time to this schema, whatever the caller's
-- search_path is. The STABLE, extractable functions are in 0002 (they read the views).
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION touch_subject(p_label text) RETURNS integer
  LANGUAGE sql VOLATILE
BEGIN ATOMIC
  WITH touched AS (
    UPDATE study_subject SET date_updated = now(), update_id = 1 WHERE label = p_label RETURNING 1
  )
  SELECT count(*)::integer FROM touched;
END;
COMMENT ON FUNCTION touch_subject(text) IS 'VOLATILE (updates study_subject.date_updated): not extractable';

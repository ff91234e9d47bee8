-- Mobile workers, web users and groups as CommCare HQ serves them (issue 12).
--
-- A mobile worker is a cc_users row with user_type 'mobile' and its domain_id; `is_active` 0 is an
-- archived (deactivated) worker. Its custom user data lives in `user_data` (a JSON object); the
-- location ids HQ adds to user data (commcare_location_id, commcare_location_ids,
-- commcare_primary_case_sharing_id) are derived from cc_user_locations, never stored twice.
ALTER TABLE cc_users ADD COLUMN user_data TEXT NOT NULL DEFAULT '{}';

-- The locations a mobile worker is assigned to; exactly one row per worker may be primary.
CREATE TABLE cc_user_locations (
  user_id INTEGER NOT NULL REFERENCES cc_users(id),
  location_id INTEGER NOT NULL REFERENCES cc_locations(id),
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  position INTEGER NOT NULL,                              -- assignment order (commcare_location_ids)
  is_primary INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, location_id)
);
CREATE INDEX cc_user_locations_domain ON cc_user_locations(domain_id, user_id, position);
CREATE UNIQUE INDEX cc_user_locations_primary ON cc_user_locations(user_id) WHERE is_primary = 1;

-- A domain administrator (HQ `is_domain_admin`): the web-user resource's `is_admin`.
ALTER TABLE cc_memberships ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;

CREATE TABLE cc_groups (
  id INTEGER PRIMARY KEY,
  group_uuid TEXT NOT NULL UNIQUE,                        -- CommCare's hex group id
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  name TEXT NOT NULL,
  case_sharing INTEGER NOT NULL DEFAULT 0,
  reporting INTEGER NOT NULL DEFAULT 1,
  metadata TEXT NOT NULL DEFAULT '{}',                    -- JSON object
  UNIQUE (domain_id, name)
);
CREATE INDEX cc_groups_domain ON cc_groups(domain_id, name, id);

CREATE TABLE cc_group_members (
  group_id INTEGER NOT NULL REFERENCES cc_groups(id),
  user_id INTEGER NOT NULL REFERENCES cc_users(id),
  domain_id INTEGER NOT NULL REFERENCES cc_domains(id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX cc_group_members_user ON cc_group_members(domain_id, user_id, group_id);

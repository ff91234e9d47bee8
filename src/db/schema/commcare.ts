import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Drizzle view of migrations/d1/0003_commcare.sql and 0005_commcare_fixes.sql (the SQL files are the source of truth). */
export const ccDomains = sqliteTable("cc_domains", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  features: text("features").notNull(),
  apiBlacklisted: integer("api_blacklisted").notNull(),
  rateLimitPerMinute: integer("rate_limit_per_minute"),
  createdAt: text("created_at").notNull(),
});

export const ccUsers = sqliteTable("cc_users", {
  id: integer("id").primaryKey(),
  userUuid: text("user_uuid").notNull(),
  domainId: integer("domain_id"),
  userType: text("user_type").notNull(),
  username: text("username").notNull(),
  email: text("email").notNull(),
  firstName: text("first_name").notNull(),
  lastName: text("last_name").notNull(),
  phoneNumbers: text("phone_numbers").notNull(),
  passwordHash: text("password_hash"),
  isActive: integer("is_active").notNull(),
  isSuperuser: integer("is_superuser").notNull(),
  createdAt: text("created_at").notNull(),
  /** Custom user data, a JSON object (0006). */
  userData: text("user_data").notNull().default("{}"),
});

export const ccRoles = sqliteTable("cc_roles", {
  id: integer("id").primaryKey(),
  domainId: integer("domain_id").notNull(),
  name: text("name").notNull(),
  permissions: text("permissions").notNull(),
});

export const ccMemberships = sqliteTable(
  "cc_memberships",
  {
    userId: integer("user_id").notNull(),
    domainId: integer("domain_id").notNull(),
    roleId: integer("role_id").notNull(),
    isAdmin: integer("is_admin").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.domainId] })],
);

export const ccApiKeys = sqliteTable("cc_api_keys", {
  id: integer("id").primaryKey(),
  userId: integer("user_id").notNull(),
  name: text("name").notNull(),
  keyHash: text("key_hash").notNull(),
  domainId: integer("domain_id"),
  roleId: integer("role_id"),
  ipAllowlist: text("ip_allowlist"),
  expiresAt: text("expires_at"),
  isActive: integer("is_active").notNull(),
  createdAt: text("created_at").notNull(),
});

export const ccApplications = sqliteTable("cc_applications", {
  id: text("id").primaryKey(),
  domainId: integer("domain_id").notNull(),
  name: text("name").notNull(),
  copyOf: text("copy_of"),
  version: integer("version").notNull(),
  buildComment: text("build_comment"),
  builtOn: text("built_on"),
  isReleased: integer("is_released").notNull(),
  isRemote: integer("is_remote").notNull(),
  langs: text("langs").notNull(),
  doc: text("doc").notNull(),
  dateCreated: text("date_created"),
});

export const ccAppModules = sqliteTable("cc_app_modules", {
  id: integer("id").primaryKey(),
  appId: text("app_id").notNull(),
  position: integer("position").notNull(),
  uniqueId: text("unique_id").notNull(),
  name: text("name").notNull(),
  caseType: text("case_type").notNull(),
  caseProperties: text("case_properties").notNull(),
});

export const ccAppForms = sqliteTable("cc_app_forms", {
  id: integer("id").primaryKey(),
  moduleId: integer("module_id").notNull(),
  position: integer("position").notNull(),
  uniqueId: text("unique_id").notNull(),
  name: text("name").notNull(),
  xmlns: text("xmlns").notNull(),
});

export const ccAppQuestions = sqliteTable("cc_app_questions", {
  id: integer("id").primaryKey(),
  formId: integer("form_id").notNull(),
  position: integer("position").notNull(),
  label: text("label").notNull(),
  tag: text("tag").notNull(),
  value: text("value").notNull(),
  type: text("type").notNull(),
  required: integer("required").notNull(),
  options: text("options"),
});

export const ccForms = sqliteTable("cc_forms", {
  id: text("id").primaryKey(),
  domainId: integer("domain_id").notNull(),
  /** The submission's instanceID (= id unless another domain already had that id; 0005). */
  instanceId: text("instance_id"),
  xmlns: text("xmlns").notNull(),
  appId: text("app_id"),
  buildId: text("build_id"),
  userId: text("user_id"),
  receivedOn: text("received_on").notNull(),
  serverModifiedOn: text("server_modified_on").notNull(),
  indexedOn: text("indexed_on").notNull(),
  editedOn: text("edited_on"),
  editedByUserId: text("edited_by_user_id"),
  archived: integer("archived").notNull(),
  formJson: text("form_json").notNull(),
  metadataJson: text("metadata_json"),
  xml: text("xml").notNull(),
  submitIp: text("submit_ip"),
  openrosaVersion: text("openrosa_version"),
  uiversion: text("uiversion"),
  version: text("version"),
});

export const ccFormCases = sqliteTable(
  "cc_form_cases",
  {
    formId: text("form_id").notNull(),
    caseId: text("case_id").notNull(),
    domainId: integer("domain_id").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.caseId] })],
);

export const ccCases = sqliteTable("cc_cases", {
  id: text("id").primaryKey(),
  domainId: integer("domain_id").notNull(),
  caseType: text("case_type").notNull(),
  name: text("name").notNull(),
  ownerId: text("owner_id").notNull(),
  userId: text("user_id").notNull(),
  externalId: text("external_id"),
  openedBy: text("opened_by"),
  openedOn: text("opened_on"),
  closed: integer("closed").notNull(),
  closedBy: text("closed_by"),
  closedOn: text("closed_on"),
  modifiedOn: text("modified_on").notNull(),
  serverModifiedOn: text("server_modified_on").notNull(),
  serverOpenedOn: text("server_opened_on"),
  indexedOn: text("indexed_on").notNull(),
  properties: text("properties").notNull(),
  xformIds: text("xform_ids").notNull(),
});

export const ccCaseIndices = sqliteTable(
  "cc_case_indices",
  {
    caseId: text("case_id").notNull(),
    identifier: text("identifier").notNull(),
    referencedId: text("referenced_id").notNull(),
    referencedType: text("referenced_type").notNull(),
    relationship: text("relationship").notNull(),
    domainId: integer("domain_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.identifier] })],
);

export const ccLocationTypes = sqliteTable("cc_location_types", {
  id: integer("id").primaryKey(),
  domainId: integer("domain_id").notNull(),
  name: text("name").notNull(),
  code: text("code").notNull(),
  parentTypeId: integer("parent_type_id"),
  administrative: integer("administrative").notNull(),
  sharesCases: integer("shares_cases").notNull(),
  viewDescendants: integer("view_descendants").notNull(),
});

export const ccLocations = sqliteTable("cc_locations", {
  id: integer("id").primaryKey(),
  locationId: text("location_id").notNull(),
  domainId: integer("domain_id").notNull(),
  name: text("name").notNull(),
  siteCode: text("site_code").notNull(),
  externalId: text("external_id"),
  locationTypeId: integer("location_type_id").notNull(),
  parentId: integer("parent_id"),
  latitude: text("latitude"),
  longitude: text("longitude"),
  locationData: text("location_data").notNull(),
  isArchived: integer("is_archived").notNull(),
  createdAt: text("created_at").notNull(),
  lastModified: text("last_modified").notNull(),
});

export const ccLocationFields = sqliteTable("cc_location_fields", {
  id: integer("id").primaryKey(),
  domainId: integer("domain_id").notNull(),
  position: integer("position").notNull(),
  slug: text("slug").notNull(),
  label: text("label").notNull(),
  isRequired: integer("is_required").notNull(),
  choices: text("choices"),
  regex: text("regex"),
  regexMsg: text("regex_msg"),
});

export type CcDomain = typeof ccDomains.$inferSelect;
export type CcLocationType = typeof ccLocationTypes.$inferSelect;
export type CcForm = typeof ccForms.$inferSelect;
export type CcApplication = typeof ccApplications.$inferSelect;

/** Drizzle view of migrations/d1/0007_commcare_users_groups.sql. */
export const ccUserLocations = sqliteTable(
  "cc_user_locations",
  {
    userId: integer("user_id").notNull(),
    locationId: integer("location_id").notNull(),
    domainId: integer("domain_id").notNull(),
    position: integer("position").notNull(),
    isPrimary: integer("is_primary").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.locationId] })],
);

export const ccGroups = sqliteTable("cc_groups", {
  id: integer("id").primaryKey(),
  groupUuid: text("group_uuid").notNull(),
  domainId: integer("domain_id").notNull(),
  name: text("name").notNull(),
  caseSharing: integer("case_sharing").notNull(),
  reporting: integer("reporting").notNull(),
  metadata: text("metadata").notNull(),
});

export const ccGroupMembers = sqliteTable(
  "cc_group_members",
  {
    groupId: integer("group_id").notNull(),
    userId: integer("user_id").notNull(),
    domainId: integer("domain_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);

export type CcUser = typeof ccUsers.$inferSelect;
export type CcGroup = typeof ccGroups.$inferSelect;

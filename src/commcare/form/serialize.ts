import type { CcForm } from "../../db/schema/commcare";

export const META_KEYS = [
  "appVersion",
  "app_build_version",
  "commcare_version",
  "deviceID",
  "geo_point",
  "instanceID",
  "location",
  "timeEnd",
  "timeStart",
  "userID",
  "username",
] as const;

/** `metadata` of a form: the meta block's known keys, null when absent. */
export function formMetadata(form: Record<string, unknown>): Record<string, unknown> {
  const meta = (form.meta && typeof form.meta === "object" ? form.meta : {}) as Record<string, unknown>;
  return Object.fromEntries(META_KEYS.map((k) => [k, meta[k] ?? null]));
}

/** §3.2 object of a form (`cases` added by the caller on `cases__full=true`). */
export function serializeForm(f: CcForm, domain: string, detailBase: string) {
  const form = JSON.parse(f.formJson) as Record<string, unknown>;
  return {
    app_id: f.appId,
    archived: f.archived === 1,
    attachments: {},
    build_id: f.buildId,
    domain,
    edited_by_user_id: f.editedOn ? f.editedByUserId : null,
    edited_on: f.editedOn,
    form,
    id: f.id,
    indexed_on: f.indexedOn,
    initial_processing_complete: true,
    is_phone_submission: f.openrosaVersion !== null,
    metadata: f.metadataJson ? JSON.parse(f.metadataJson) : formMetadata(form),
    problem: null,
    received_on: f.receivedOn,
    resource_uri: `${detailBase}${f.id}/`,
    server_modified_on: f.serverModifiedOn || f.editedOn || f.receivedOn,
    submit_ip: f.submitIp,
    type: (form["#type"] as string | undefined) ?? "data",
    uiversion: f.uiversion,
    version: f.version,
  };
}

import type { CcLocationType } from "../../db/schema/commcare";
import { decimalMessage, pythonDecimalStr, quantize10 } from "../location-v1/decimal";
import { MAX_LOCATION_DATA_BYTES, MAX_LOCATION_NAME_CHARS, MAX_SITE_CODE_CHARS, utf8Bytes } from "../limits";
import { validateLocationData, type FieldDef } from "./custom-fields";
import { generateSiteCode } from "./site-code";

export const SITE_CODE_TAKEN = "another location already uses this site code";

/** A location as the validator sees it (all of a domain's, archived included). */
export interface LocNode {
  id: number;
  locationId: string;
  name: string;
  siteCode: string;
  externalId: string | null;
  locationTypeId: number;
  parentId: number | null;
  latitude: string | null;
  longitude: string | null;
  locationData: string;
  isArchived: number;
  createdAt: string;
  lastModified: string;
}

export interface DomainLocState {
  locations: LocNode[];
  types: CcLocationType[];
  fields: FieldDef[];
  /** A fresh row id for a created location (random, unused in the domain). */
  newId: () => number;
}

export class LocationAPIError extends Error {}

export const WRITABLE = ["name", "site_code", "latitude", "longitude", "location_data", "location_type_code", "parent_location_id"];

export interface WriteResult {
  node: LocNode;
  before: LocNode | null;
  /** `str(Decimal(input))` of lat/long given in this request (the in-memory value a write echoes). */
  echo: { latitude?: string | null; longitude?: string | null };
}

/** Python `repr()` of a str, for the invalid-fields message. */
export const pyRepr = (s: string) =>
  s.includes("'") && !s.includes('"') ? `"${s.replace(/\\/g, "\\\\")}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const pyStr = (v: unknown) =>
  v === null || v === undefined
    ? "None"
    : typeof v === "boolean"
      ? v
        ? "True"
        : "False"
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

/**
 * `LocationResource._update` (commcare-api.md §3.7): steps 1–8 in order, first error wins, nothing
 * applied on error. On success the state is changed in place (so a bulk PATCH's later items see the
 * earlier ones) and the written node is returned.
 */
export function applyLocationWrite(
  state: DomainLocState,
  input: unknown,
  target: { mode: "create" } | { mode: "update"; locationId: string },
  now: string,
  newLocationId: () => string,
): WriteResult {
  const body: Record<string, unknown> =
    input && typeof input === "object" && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {};
  const hasSiteCode = "site_code" in body;
  const suffix = hasSiteCode ? ` Location site code: ${pyStr(body.site_code)}.` : "";
  const fail = (msg: string, withSuffix = true): never => {
    throw new LocationAPIError(withSuffix ? msg + suffix : msg);
  };
  /** Django's max_length message, before any other check reads the value (no D1 limit answers first). */
  const bound = (field: string, value: string, max: number) => {
    const length = [...value].length;
    if (length > max) fail(`${field}: Ensure this value has at most ${max} characters (it has ${length}).`, false);
  };
  if ("name" in body) bound("name", pyStr(body.name), MAX_LOCATION_NAME_CHARS);
  if (hasSiteCode) bound("site_code", pyStr(body.site_code), MAX_SITE_CODE_CHARS);

  let before: LocNode | null = null;
  let node: LocNode;
  if (target.mode === "update") {
    const existing = state.locations.find((l) => l.locationId === target.locationId);
    if (!existing) fail(`Could not update: could not find location with given ID ${target.locationId} on the domain.`);
    before = { ...existing! };
    node = { ...existing! };
  } else {
    if (!("name" in body) || !("location_type_code" in body))
      fail("'name' and 'location_type_code' are required fields when creating a new location.");
    node = {
      id: 0,
      locationId: "",
      name: "",
      siteCode: "",
      externalId: null,
      locationTypeId: 0,
      parentId: null,
      latitude: null,
      longitude: null,
      locationData: "{}",
      isArchived: 0,
      createdAt: now,
      lastModified: now,
    };
  }
  const creating = target.mode === "create";
  const others = state.locations.filter((l) => creating || l.id !== node.id);
  const byLocationId = (id: unknown) => state.locations.find((l) => l.locationId === id) ?? null;
  const childTypesOf = (locationTypeId: number | null) => state.types.filter((t) => t.parentTypeId === locationTypeId);
  const siblingNamed = (name: string, parentId: number | null) => others.some((l) => l.name === name && l.parentId === parentId);

  // 1. parent
  if ("parent_location_id" in body) {
    const parent = byLocationId(body.parent_location_id);
    delete body.parent_location_id;
    if (!parent) fail("Could not find parent location with the given ID.");
    if (!creating && !("location_type_code" in body)) {
      const allowed = childTypesOf(parent!.locationTypeId);
      if (allowed.length === 0) fail("The selected parent location cannot have child locations!");
      if (!allowed.some((t) => t.id === node.locationTypeId)) fail("Parent cannot have children of this location's type.");
      if (siblingNamed(node.name, parent!.id)) fail("Location with same name and parent already exists.");
    }
    node.parentId = parent!.id;
  }

  // 2. name (and the site code regenerated from it unless one is given)
  if ("name" in body) {
    const name = pyStr(body.name);
    delete body.name;
    if (siblingNamed(name, node.parentId)) fail("Location with same name and parent already exists.");
    node.name = name;
    if (!hasSiteCode) node.siteCode = generateSiteCode(name, new Set(others.map((l) => l.siteCode.toLowerCase())));
  }

  // 3. site code
  if (hasSiteCode) {
    const code = pyStr(body.site_code).toLowerCase();
    delete body.site_code;
    // Python's `^[-_\w\d]+$` on str: \w is what str.isalnum() takes (letters, numbers) and `_`; no combining marks.
    if (!/^[-_\p{L}\p{N}]+$/u.test(code)) fail("The site code cannot contain spaces or special characters.", false);
    if (others.some((l) => l.siteCode.toLowerCase() === code)) fail(SITE_CODE_TAKEN, false);
    node.siteCode = code;
  }

  // 4. custom location data (replaces the metadata wholesale)
  if ("location_data" in body) {
    const raw = body.location_data;
    delete body.location_data;
    const data = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const stored = JSON.stringify(data);
    if (utf8Bytes(stored) > MAX_LOCATION_DATA_BYTES)
      fail(`location_data: Ensure it is at most ${MAX_LOCATION_DATA_BYTES} bytes as JSON (it has ${utf8Bytes(stored)}).`, false);
    const message = validateLocationData(data, state.fields);
    if (message) fail(message);
    node.locationData = stored;
  }

  // 5. location type
  if ("location_type_code" in body || creating) {
    const code = body.location_type_code;
    delete body.location_type_code;
    const parentTypeId = node.parentId === null ? null : state.locations.find((l) => l.id === node.parentId)!.locationTypeId;
    const allowed = childTypesOf(parentTypeId);
    if (allowed.length === 0) fail("The selected parent location cannot have child locations!", false);
    const type = state.types.find((t) => t.code === code) ?? state.types.find((t) => t.name === code);
    if (!type) fail(`LocationType '${pyStr(code)}' not found`, false);
    if (!allowed.some((t) => t.id === type!.id)) fail("Location type not valid for the selected parent.", false);
    if (!creating && type!.id !== node.locationTypeId && state.locations.some((l) => l.parentId === node.id)) {
      fail("You cannot change the location type of a location with children", false);
    }
    node.locationTypeId = type!.id;
  }

  // 6. latitude / longitude (checked when saving, after 7, like Django)
  const echo: WriteResult["echo"] = {};
  const coords: ["latitude" | "longitude", unknown][] = [];
  for (const key of ["latitude", "longitude"] as const) {
    if (key in body) {
      coords.push([key, body[key]]);
      delete body[key];
    }
  }

  // 7. anything left is not writable
  const rest = Object.keys(body);
  if (rest.length) throw new LocationAPIError(`Invalid fields were included in request: [${rest.map(pyRepr).join(", ")}].`);

  // 8. save
  for (const [key, value] of coords) {
    if (value === null || value === "") {
      node[key] = null;
      echo[key] = null;
      continue;
    }
    const text = pythonDecimalStr(value);
    if (text === null) throw new LocationAPIError(`['${decimalMessage(pyStr(value))}']`);
    node[key] = quantize10(text);
    echo[key] = text;
  }
  node.lastModified = now;
  if (creating) {
    node.id = state.newId();
    node.locationId = newLocationId();
    node.createdAt = now;
    state.locations.push(node);
  } else {
    const i = state.locations.findIndex((l) => l.id === node.id);
    state.locations[i] = node;
  }
  return { node, before, echo };
}

import { and } from "drizzle-orm";
import { ccLocations, ccLocationTypes } from "../../db/schema/commcare";
import { ccEmpty } from "../errors";
import { filtersSql, type FilterColumn } from "../location-v1/filter-sql";
import { activeIn, countLocations, findLocation, parentLoc, selectLocations, type LocationRow } from "./queries";
import { serializeLocationV2 } from "./serialize";
import { buildFilters, type FilterSpec } from "../location-v1/tastypie-filters";
import { parseOrderBy } from "../pagination/order";
import { paginate } from "../pagination/page";
import { ccFormatted, ccJson } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { patchObjects, readJsonBody } from "./body";
import { writeLocations, type LocationOp, type Written } from "./write";

export const LOCATION_V2_FIELDS = [
  "domain",
  "last_modified",
  "latitude",
  "location_data",
  "location_id",
  "location_type_code",
  "location_type_name",
  "longitude",
  "name",
  "parent_location_id",
  "site_code",
];

const SPEC: FilterSpec = {
  fields: LOCATION_V2_FIELDS,
  filtering: {
    name: ["exact"],
    site_code: ["exact"],
    last_modified: ["gt", "gte", "lt", "lte"],
    location_type_code: ["exact"],
    parent_location_id: ["exact"],
  },
  dotted: true,
};

const COLUMNS: Record<string, FilterColumn> = {
  name: { column: ccLocations.name, kind: "text" },
  site_code: { column: ccLocations.siteCode, kind: "text" },
  last_modified: { column: ccLocations.lastModified, kind: "datetime" },
  location_type_code: { column: ccLocationTypes.code, kind: "text" },
  parent_location_id: { column: parentLoc.locationId, kind: "text" },
};

/** GET v0.6/location/: filters, `order_by=[-]last_modified`, id tie-break, offset or cursor. */
export async function listLocationsV2(r: CcRequest): Promise<Response> {
  const where = activeIn(r.domain.id, filtersSql(buildFilters(r.query, SPEC), COLUMNS));
  const order = parseOrderBy(r.query.getAll("order_by"), LOCATION_V2_FIELDS, ["last_modified"], []);
  const page = await paginate<LocationRow>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 5000,
    order,
    columns: { last_modified: ccLocations.lastModified },
    id: ccLocations.id,
    keyOf: (row) => [...order.map(() => row.loc.lastModified), row.loc.id],
    count: () => countLocations(r.db, where),
    optionalCount: true,
    rows: (extra, orderBy, limit, offset) => selectLocations(r.db, extra ? and(where, extra) : where, orderBy, limit, offset),
  });
  return ccFormatted(r, { meta: page.meta, objects: page.rows.map((row) => serializeLocationV2(row, r.domain.name)) }, "response");
}

export async function getLocationV2(r: CcRequest): Promise<Response> {
  const row = await findLocation(r.db, r.domain.id, r.pk ?? "");
  if (!row) throw ccEmpty(404);
  return ccFormatted(r, serializeLocationV2(row, r.domain.name), "object");
}

/**
 * The v2 object of a just-written location, from memory (lat/long as given: §3.7): the state the
 * write was validated against, with the write applied, names its type and parent without a read.
 */
function echo(r: CcRequest, { results, state }: Written) {
  const w = results[0]!;
  const type = state.types.find((t) => t.id === w.node.locationTypeId)!;
  const parent = w.node.parentId === null ? null : state.locations.find((l) => l.id === w.node.parentId);
  const row: LocationRow = {
    loc: { ...w.node, domainId: r.domain.id },
    typeCode: type.code,
    typeName: type.name,
    parentLocationId: parent?.locationId ?? null,
  };
  return serializeLocationV2(row, r.domain.name, w.echo);
}

export async function createLocation(r: CcRequest): Promise<Response> {
  const body = await readJsonBody(r);
  const written = await writeLocations(r, [{ body, target: { mode: "create" } }]);
  return ccJson(echo(r, written), 201, { Location: `${r.origin}${r.listPath}${written.results[0]!.node.locationId}/` });
}

export async function updateLocation(r: CcRequest): Promise<Response> {
  const body = await readJsonBody(r);
  return ccJson(echo(r, await writeLocations(r, [{ body, target: { mode: "update", locationId: r.pk ?? "" } }])), 200);
}

/** Bulk PATCH: all or nothing; 202 with the location_ids in request order. */
export async function patchLocations(r: CcRequest): Promise<Response> {
  const objects = patchObjects(await readJsonBody(r));
  const ops: LocationOp[] = objects.map((o) => {
    const id =
      o && typeof o === "object" && !Array.isArray(o) && "location_id" in o ? (o as Record<string, unknown>).location_id : undefined;
    if (id === undefined) return { body: o, target: { mode: "create" } };
    const { location_id: _popped, ...rest } = o as Record<string, unknown>;
    return { body: rest, target: { mode: "update", locationId: String(id) } };
  });
  const written = ops.length ? (await writeLocations(r, ops)).results : [];
  return new Response(JSON.stringify(written.map((w) => w.node.locationId)), {
    status: 202,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

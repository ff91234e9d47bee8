import { and } from "drizzle-orm";
import { ccLocations } from "../../db/schema/commcare";
import { ccEmpty } from "../errors";
import { paginate } from "../pagination/page";
import { parseOrderBy } from "../pagination/order";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { filtersSql, type FilterColumn } from "./filter-sql";
import { activeIn, countLocations, findLocation, selectLocations, type LocationRow } from "../location-v2/queries";
import { serializeLocationV1 } from "./serialize";
import { buildFilters, type FilterSpec } from "./tastypie-filters";

export const LOCATION_V1_FIELDS = [
  "created_at",
  "domain",
  "external_id",
  "id",
  "last_modified",
  "latitude",
  "location_data",
  "location_id",
  "location_type",
  "longitude",
  "name",
  "parent",
  "resource_uri",
  "site_code",
];

const SPEC: FilterSpec = {
  fields: LOCATION_V1_FIELDS,
  filtering: { site_code: ["exact"], external_id: ["exact"], created_at: "ALL", last_modified: "ALL", latitude: "ALL", longitude: "ALL" },
  dotted: false,
};

const COLUMNS: Record<string, FilterColumn> = {
  site_code: { column: ccLocations.siteCode, kind: "text" },
  external_id: { column: ccLocations.externalId, kind: "text" },
  created_at: { column: ccLocations.createdAt, kind: "datetime" },
  last_modified: { column: ccLocations.lastModified, kind: "datetime" },
  latitude: { column: ccLocations.latitude, kind: "decimal" },
  longitude: { column: ccLocations.longitude, kind: "decimal" },
};

/** GET v0.5/location/: Django-style filters, no ordering allowed, stable by id (Q7). */
export async function listLocationsV1(r: CcRequest): Promise<Response> {
  const where = activeIn(r.domain.id, filtersSql(buildFilters(r.query, SPEC), COLUMNS));
  const order = parseOrderBy(r.query.getAll("order_by"), LOCATION_V1_FIELDS, [], []);
  const page = await paginate<LocationRow>({
    query: r.query,
    path: r.listPath,
    defaultLimit: 20,
    maxLimit: 1000,
    order,
    columns: {},
    id: ccLocations.id,
    keyOf: (row) => [row.loc.id],
    count: () => countLocations(r.db, where),
    rows: (extra, orderBy, limit, offset) => selectLocations(r.db, extra ? and(where, extra) : where, orderBy, limit, offset),
  });
  return ccFormatted(
    r,
    {
      meta: page.meta,
      objects: page.rows.map((row) => serializeLocationV1(row, r.origin, r.listPath, r.domain.name, r.scheme)),
    },
    "response",
  );
}

export async function getLocationV1(r: CcRequest): Promise<Response> {
  const row = await findLocation(r.db, r.domain.id, r.pk ?? "");
  if (!row) throw ccEmpty(404);
  return ccFormatted(r, serializeLocationV1(row, r.origin, r.listPath, r.domain.name, r.scheme), "object");
}

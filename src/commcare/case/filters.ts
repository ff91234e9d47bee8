import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ccCases } from "../../db/schema/commcare";
import { isReserved, lastValues, queryDate } from "../pagination/es-filters";

const DATE_FILTERS: Record<string, { column: SQLiteColumn; bound: "start" | "end" }> = {
  date_modified_start: { column: ccCases.modifiedOn, bound: "start" },
  date_modified_end: { column: ccCases.modifiedOn, bound: "end" },
  server_date_modified_start: { column: ccCases.serverModifiedOn, bound: "start" },
  server_date_modified_end: { column: ccCases.serverModifiedOn, bound: "end" },
  server_modified_on_start: { column: ccCases.serverModifiedOn, bound: "start" },
  server_modified_on_end: { column: ccCases.serverModifiedOn, bound: "end" },
  indexed_on_start: { column: ccCases.indexedOn, bound: "start" },
  indexed_on_end: { column: ccCases.indexedOn, bound: "end" },
};

/** Term filters on case columns: case-insensitive equality (the recommended reading of §3.3). */
const TERMS: Record<string, SQL> = {
  type: sql`${ccCases.caseType}`,
  case_type: sql`${ccCases.caseType}`,
  name: sql`${ccCases.name}`,
  case_name: sql`${ccCases.name}`,
  external_id: sql`${ccCases.externalId}`,
  owner_id: sql`${ccCases.ownerId}`,
  user_id: sql`${ccCases.userId}`,
  opened_by: sql`${ccCases.openedBy}`,
  closed_by: sql`${ccCases.closedBy}`,
  case_id: sql`${ccCases.id}`,
  domain: sql`(select name from cc_domains where id = ${ccCases.domainId})`,
};

const EXACT: Record<string, SQL> = {
  "type.exact": sql`${ccCases.caseType}`,
  "name.exact": sql`${ccCases.name}`,
  "external_id.exact": sql`${ccCases.externalId}`,
};

/** A dynamic case property, addressed by a bound JSON path. */
const property = (key: string) => sql`json_extract(${ccCases.properties}, ${`$."${key}"`})`;

/**
 * The case list's filters (§3.3, Q4, Q5): AND-combined, last value per key; any other key is a
 * case property (no such property → no rows).
 */
export function caseFilters(domainId: number, query: URLSearchParams): SQL {
  const conds: SQL[] = [eq(ccCases.domainId, domainId)];
  for (const [key, value] of lastValues(query)) {
    if (isReserved(key)) continue;
    const date = DATE_FILTERS[key];
    if (date) {
      const bound = queryDate(value);
      conds.push(date.bound === "start" ? gte(date.column, bound) : lte(date.column, bound));
    } else if (key === "closed") {
      const v = value.toLowerCase();
      conds.push(v === "true" ? eq(ccCases.closed, 1) : v === "false" ? eq(ccCases.closed, 0) : sql`0`);
    } else if (EXACT[key]) {
      conds.push(sql`${EXACT[key]} = ${value}`);
    } else if (TERMS[key]) {
      conds.push(sql`lower(coalesce(${TERMS[key]}, '')) = ${value.toLowerCase()}`);
    } else if (key === "contact_phone_number") {
      conds.push(sql`${property(key)} = ${value}`);
    } else if (/^[^"\\]+$/.test(key)) {
      conds.push(sql`lower(cast(${property(key)} as text)) = ${value.toLowerCase()}`);
    } else {
      conds.push(sql`0`);
    }
  }
  return and(...conds)!;
}

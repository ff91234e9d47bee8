import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ccForms } from "../../db/schema/commcare";
import { isReserved, lastValues, queryDate } from "../pagination/es-filters";
import { touchedCase } from "./queries";
import { searchCondition } from "./search";

const DATE_FILTERS: Record<string, { column: SQLiteColumn; bound: "start" | "end" }> = {
  received_on_start: { column: ccForms.receivedOn, bound: "start" },
  received_on_end: { column: ccForms.receivedOn, bound: "end" },
  indexed_on_start: { column: ccForms.indexedOn, bound: "start" },
  indexed_on_end: { column: ccForms.indexedOn, bound: "end" },
  server_modified_on_start: { column: ccForms.serverModifiedOn, bound: "start" },
  server_modified_on_end: { column: ccForms.serverModifiedOn, bound: "end" },
  server_date_modified_start: { column: ccForms.serverModifiedOn, bound: "start" },
  server_date_modified_end: { column: ccForms.serverModifiedOn, bound: "end" },
};

/** Top-level form fields a generic `key=value` term filter can match (lower-cased, §3.2). */
const TERM_FIELDS: Record<string, SQL> = {
  app_id: sql`${ccForms.appId}`,
  build_id: sql`${ccForms.buildId}`,
  domain: sql`(select name from cc_domains where id = ${ccForms.domainId})`,
  user_id: sql`${ccForms.userId}`,
  "form.meta.userID": sql`${ccForms.userId}`,
  "form.meta.instanceID": sql`coalesce(${ccForms.instanceId}, ${ccForms.id})`,
  "@uiVersion": sql`${ccForms.uiversion}`,
  "@version": sql`${ccForms.version}`,
};

/**
 * The form list's filters (commcare-api.md §3.2 with Q4–Q6): AND-combined, last value per key;
 * archived forms only with `include_archived` true; `_search` is an ES filter tree (./search.ts); unknown
 * keys match nothing.
 */
export function formFilters(domainId: number, query: URLSearchParams): SQL {
  const conds: SQL[] = [eq(ccForms.domainId, domainId)];
  const values = lastValues(query);
  let includeArchived = false;
  for (const [key, value] of values) {
    if (isReserved(key)) continue;
    const date = DATE_FILTERS[key];
    if (date) {
      const bound = queryDate(value);
      conds.push(date.bound === "start" ? gte(date.column, bound) : lte(date.column, bound));
    } else if (key === "xmlns" || key === "xmlns.exact") {
      conds.push(eq(ccForms.xmlns, value));
    } else if (key === "case_id") {
      conds.push(touchedCase(value));
    } else if (key === "_search") {
      const cond = searchCondition(value);
      if (cond) conds.push(cond);
    } else if (key === "include_archived") {
      includeArchived = ["true", "t", "yes", "y", "1", "on"].includes(value.trim().toLowerCase());
    } else if (TERM_FIELDS[key]) {
      conds.push(sql`lower(coalesce(${TERM_FIELDS[key]}, '')) = ${value.toLowerCase()}`);
    } else {
      conds.push(sql`0`);
    }
  }
  if (!includeArchived) conds.push(eq(ccForms.archived, 0));
  return and(...conds)!;
}

import { badRequest, forbidden } from "../../lib/problem";
import type { Scope } from "../../scope";
import { fromBound, toBound } from "../../lib/iso-date";
import { relationOf, type Relation } from "./relations";

export type FilterValue = string | number | boolean | null | (string | number | boolean)[];

export interface ExtractRequest {
  tableName: string;
  studyIds?: number[];
  filters?: Record<string, FilterValue>;
  fromDate?: string;
  toDate?: string;
}

/**
 * How F1 pages: by id (index (customer_id, id)), or, with dates on a `dateIndexed` relation, by
 * (date, id) (index (customer_id, date, id)) with the range's lower bound applied by the page query
 * (src/flask/customer/queries.ts), so that the planner seeks by the later of it and the cursor.
 */
export type Keyset = { kind: "id" } | { kind: "date"; column: string; from: string | null };

export interface ExtractPlan {
  relation: Relation;
  /** SELECT <columns> FROM <relation> WHERE <conditions>: the page query adds the keyset, ORDER BY and LIMIT. */
  select: string;
  params: unknown[];
  keyset: Keyset;
}

const bindable = (v: string | number | boolean) => (typeof v === "boolean" ? (v ? 1 : 0) : v);

/**
 * Pure: the query of F1 for a request and a caller's scope. Every identifier comes from the relation
 * allowlist; every value is a bound parameter (lists as one JSON parameter read by json_each, so the
 * 100-parameter limit of D1 is never reached). Throws 400 / 403 problems; runs nothing.
 */
export function planExtract(req: ExtractRequest, scope: Scope): ExtractPlan {
  const relation = relationOf(req.tableName);
  if (!relation) {
    throw badRequest(
      "table_not_allowed",
      `tableName ${JSON.stringify(req.tableName.slice(0, 100))} is not a Flask table or view with customer_id that can be extracted.`,
      [{ path: "/tableName", message: "unknown table or view" }],
    );
  }
  const conds = ["customer_id = ?"];
  const params: unknown[] = [scope.customerId];

  // Scope: study and site roles only see their studies / sites.
  if (scope.studyIds !== null) {
    if (!relation.studyColumn) throw forbidden("table_forbidden", `Your role may not extract ${req.tableName}: it is not scoped by study.`);
    conds.push(`${relation.studyColumn} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(scope.studyIds));
  }
  if (scope.siteIds !== null && relation.siteCondition) {
    conds.push(relation.siteCondition);
    params.push(JSON.stringify(scope.siteIds));
  }

  if (req.studyIds?.length) {
    if (!relation.studyColumn)
      throw badRequest("study_ids_not_applicable", `${req.tableName} has no study_id column.`, [
        { path: "/studyIds", message: "not applicable to this table" },
      ]);
    conds.push(`${relation.studyColumn} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(req.studyIds));
  }

  for (const [key, value] of Object.entries(req.filters ?? {})) {
    if (!relation.columns.includes(key)) {
      throw badRequest("unknown_filter", `${req.tableName} has no column ${JSON.stringify(key.slice(0, 100))}.`, [
        { path: `/filters/${key}`, message: "unknown column" },
      ]);
    }
    if (value === null) conds.push(`${key} IS NULL`);
    else if (Array.isArray(value)) {
      conds.push(`${key} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(value.map(bindable)));
    } else {
      conds.push(`${key} = ?`);
      params.push(bindable(value));
    }
  }

  let keyset: Keyset = { kind: "id" };
  if (req.fromDate || req.toDate) {
    const column = relation.updated && relation.created ? `COALESCE(${relation.updated}, ${relation.created})` : relation.created;
    if (!column) throw badRequest("dates_not_applicable", `${req.tableName} has no date column.`);
    const from = req.fromDate ? fromBound(req.fromDate) : null;
    if (relation.dateIndexed) keyset = { kind: "date", column, from };
    else if (from !== null) {
      conds.push(`${column} >= ?`);
      params.push(from);
    }
    if (req.toDate) {
      conds.push(`${column} <= ?`);
      params.push(toBound(req.toDate));
    }
  }

  const select = `SELECT ${relation.columns.join(", ")} FROM ${relation.from} WHERE ${conds.join(" AND ")}`;
  return { relation, select, params, keyset };
}

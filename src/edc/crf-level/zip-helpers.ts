import type { EdcSql } from "../../db/edc";
import { mapQueryError, readOnlyTransaction, type Tx } from "../stream";

/** Unique zip entry names: `a.csv`, then `a_2.csv`, … when two names sanitise alike. */
export function uniqueNames() {
  const used = new Set<string>();
  return (base: string) => {
    let name = `${base}.csv`;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}.csv`;
    used.add(name.toLowerCase());
    return name;
  };
}

/** Runs `build` in one REPEATABLE READ, READ ONLY transaction: every CSV of a zip sees the same snapshot. */
export async function inSnapshot<T>(sql: EdcSql, build: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await readOnlyTransaction(sql, build);
  } catch (err) {
    throw mapQueryError(err);
  }
}

import type { EdcSql } from "../../db/edc";
import { mapQueryError, readOnlyTransaction, type Tx } from "../stream";

/** Runs `build` in one REPEATABLE READ, READ ONLY transaction: every CSV of a zip sees the same snapshot. */
export async function inSnapshot<T>(sql: EdcSql, build: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await readOnlyTransaction(sql, build);
  } catch (err) {
    throw mapQueryError(err);
  }
}

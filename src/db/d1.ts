import { drizzle } from "drizzle-orm/d1";
import * as foundation from "./schema/foundation";

/** Drizzle over the D1 binding. Cheap: build one per request, no connection to pool. */
export function d1(db: D1Database) {
  return drizzle(db, { schema: { ...foundation } });
}

export type D1Db = ReturnType<typeof d1>;
export type D1BatchItem = Parameters<D1Db["batch"]>[0][number];

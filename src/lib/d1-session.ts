import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import type { HttpError } from "./http-error";
import { readsOnly } from "./read-only";

/** The response header that carries a request's D1 bookmark, and the request header that sends one back. */
export const BOOKMARK_HEADER = "X-D1-Bookmark";

/** D1 bookmarks are four dash-separated hex fields (e.g. `00000000-00000002-00000000-000…`). */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i;

/** Where a request's first D1 query may go: any replica for reads, the primary for writes. */
export function sessionConstraint(method: string, path: string): D1SessionConstraint {
  // A write's checks must read the primary: a replica's lag could let it pass a check the primary would refuse.
  return readsOnly(method, path) ? "first-unconstrained" : "first-primary";
}

/** The 400 for a malformed request header, in the format of the family the path belongs to (src/errors.ts). */
export type BadRequestFor = (path: string, code: string, detail: string) => HttpError;

/**
 * One D1 Sessions API session per request (read replication): reads start at the nearest replica,
 * writes at the primary, and a request that sends back the `X-D1-Bookmark` of an earlier answer reads
 * at least what that answer saw (its own writes included). Every answer carries the session's bookmark.
 */
export function d1Session(badRequestFor: BadRequestFor): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sent = c.req.header(BOOKMARK_HEADER)?.trim();
    if (sent !== undefined && sent !== "" && !BOOKMARK.test(sent)) {
      throw badRequestFor(
        c.req.path,
        "invalid_bookmark",
        `${BOOKMARK_HEADER} must be a bookmark from an earlier answer's ${BOOKMARK_HEADER} header.`,
      );
    }
    // A write starts at the primary even with a bookmark: the primary is never behind one, and a replica
    // that has reached the bookmark may still lag the primary the write's checks must read.
    const constraint = sessionConstraint(c.req.method, c.req.path);
    const session = c.env.DB.withSession(constraint === "first-unconstrained" && sent ? sent : constraint);
    // Everything below reads env.DB: it gets the session (same prepare/batch surface as the database).
    c.env = { ...c.env, DB: session as unknown as D1Database };
    try {
      await next();
    } finally {
      const bookmark = session.getBookmark();
      if (bookmark) c.res.headers.set(BOOKMARK_HEADER, bookmark);
    }
  };
}

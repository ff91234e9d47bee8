import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index";
import type { Env } from "../../src/env";
import { BASE } from "./http";

/**
 * Far round trips in sequence of one request, counted by structure rather than by a clock: every D1
 * and Durable Object call waits `delayMs` (so calls started together overlap) and gets a depth, one
 * more than the deepest call that had finished when it started. The deepest depth is the number of
 * far round trips the request waited on in sequence; KV (served from the edge cache) is not counted.
 */
export interface Trips {
  status: number;
  body: string;
  trips: number;
  d1: number;
  do: number;
}

export async function farTrips(method: string, path: string, headers: Record<string, string>, body?: string, delayMs = 15): Promise<Trips> {
  let finished = 0;
  const counts = { d1: 0, do: 0 };
  const far = async <T>(kind: "d1" | "do", call: () => Promise<T>): Promise<T> => {
    counts[kind] += 1;
    const depth = finished + 1;
    await new Promise((r) => setTimeout(r, delayMs));
    try {
      return await call();
    } finally {
      finished = Math.max(finished, depth);
    }
  };
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { method, headers, body }), wrap(env as unknown as Env, far), ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: text, trips: finished, ...counts };
}

type Far = <T>(kind: "d1" | "do", call: () => Promise<T>) => Promise<T>;
const RAW = Symbol("raw");

function statement(stmt: D1PreparedStatement, far: Far): D1PreparedStatement {
  return {
    [RAW]: stmt,
    bind: (...v: unknown[]) => statement(stmt.bind(...v), far),
    first: (col?: string) => far("d1", () => (col === undefined ? stmt.first() : stmt.first(col))),
    all: () => far("d1", () => stmt.all()),
    run: () => far("d1", () => stmt.run()),
    raw: (o?: { columnNames?: boolean }) => far("d1", () => stmt.raw(o as { columnNames: true })),
  } as unknown as D1PreparedStatement;
}

function database(db: D1Database | D1DatabaseSession, far: Far): D1Database {
  const unwrap = (s: D1PreparedStatement[]) => s.map((x) => (x as unknown as Record<symbol, D1PreparedStatement>)[RAW] ?? x);
  return {
    prepare: (q: string) => statement(db.prepare(q), far),
    batch: (s: D1PreparedStatement[]) => far("d1", () => db.batch(unwrap(s))),
    withSession: (c?: string) => database((db as D1Database).withSession(c as D1SessionConstraint), far),
    getBookmark: () => (db as D1DatabaseSession).getBookmark?.() ?? null,
  } as unknown as D1Database;
}

function wrap(e: Env, far: Far): Env {
  const ns = e.RATE_LIMITER;
  const limiter = {
    idFromName: (name: string) => ns.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = ns.get(id);
      return {
        hit: (limit: number) => far("do", async () => stub.hit(limit)),
        peek: (limit: number) => far("do", async () => stub.peek(limit)),
      };
    },
  } as unknown as Env["RATE_LIMITER"];
  return { ...e, DB: database(e.DB, far), RATE_LIMITER: limiter };
}

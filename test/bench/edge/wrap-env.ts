import type { Env } from "../../../src/env";

export interface CallCounts {
  d1: number;
  do: number;
  r2: number;
  kv: number;
}

type Kind = keyof CallCounts;

/** The bindings of `env` with every D1, Durable Object and R2 call delayed by `delayMs` and counted. */
export function wrapEnv(env: Env, delayMs: number, counts: CallCounts): Env {
  const far = <T>(kind: Kind, call: () => Promise<T>): Promise<T> => {
    counts[kind] += 1;
    return delayMs > 0 ? new Promise<void>((r) => setTimeout(r, delayMs)).then(call) : call();
  };
  return {
    ...env,
    DB: wrapD1(env.DB, far),
    FILES: wrapR2(env.FILES, far),
    SESSIONS: wrapKv(env.SESSIONS, counts),
    RATE_LIMITER: wrapNamespace(env.RATE_LIMITER, far),
  };
}

type Far = <T>(kind: Kind, call: () => Promise<T>) => Promise<T>;

const RAW = Symbol("raw statement");
type Wrapped = D1PreparedStatement & { [RAW]: D1PreparedStatement };

function wrapStatement(stmt: D1PreparedStatement, far: Far): Wrapped {
  const wrapped = {
    [RAW]: stmt,
    bind: (...values: unknown[]) => wrapStatement(stmt.bind(...values), far),
    first: (column?: string) => far("d1", () => (column === undefined ? stmt.first() : stmt.first(column))),
    all: () => far("d1", () => stmt.all()),
    run: () => far("d1", () => stmt.run()),
    raw: (options?: { columnNames?: boolean }) => far("d1", () => stmt.raw(options as { columnNames: true })),
  };
  return wrapped as unknown as Wrapped;
}

const unwrap = (stmts: D1PreparedStatement[]) => stmts.map((s) => (s as Wrapped)[RAW] ?? s);

function wrapD1<T extends D1Database | D1DatabaseSession>(db: T, far: Far): T {
  const base = {
    prepare: (sql: string) => wrapStatement(db.prepare(sql), far),
    batch: (stmts: D1PreparedStatement[]) => far("d1", () => db.batch(unwrap(stmts))),
  };
  if ("withSession" in db) {
    const d = db as D1Database;
    return {
      ...base,
      exec: (sql: string) => far("d1", () => d.exec(sql)),
      dump: () => far("d1", () => d.dump()),
      withSession: (constraint?: string) => wrapD1(d.withSession(constraint as D1SessionConstraint), far),
    } as unknown as T;
  }
  const s = db as D1DatabaseSession;
  return { ...base, getBookmark: () => s.getBookmark() } as unknown as T;
}

function wrapR2(bucket: R2Bucket, far: Far): R2Bucket {
  const upload = (u: R2MultipartUpload): R2MultipartUpload => ({
    key: u.key,
    uploadId: u.uploadId,
    uploadPart: (n, value, options) => far("r2", () => u.uploadPart(n, value, options)),
    abort: () => far("r2", () => u.abort()),
    complete: (parts) => far("r2", () => u.complete(parts)),
  });
  return {
    head: (key) => far("r2", () => bucket.head(key)),
    get: ((key: string, options?: R2GetOptions) => far("r2", () => bucket.get(key, options))) as R2Bucket["get"],
    put: ((key: string, value: never, options?: R2PutOptions) => far("r2", () => bucket.put(key, value, options))) as R2Bucket["put"],
    delete: (keys) => far("r2", () => bucket.delete(keys)),
    list: (options) => far("r2", () => bucket.list(options)),
    createMultipartUpload: (key, options) => far("r2", () => bucket.createMultipartUpload(key, options)).then(upload),
    resumeMultipartUpload: (key, uploadId) => upload(bucket.resumeMultipartUpload(key, uploadId)),
  };
}

function wrapKv(kv: KVNamespace, counts: CallCounts): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counts.kv += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** A Durable Object namespace whose stubs delay every RPC call and fetch. */
function wrapNamespace<T extends object>(ns: T, far: Far): T {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== "get" || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const stub = (value as (...a: unknown[]) => object).apply(target, args);
        return new Proxy(stub, {
          get(s, method) {
            const m = Reflect.get(s, method);
            if (typeof m !== "function" || method === "then") return m;
            return (...callArgs: unknown[]) => far("do", () => Promise.resolve((m as (...a: unknown[]) => unknown).apply(s, callArgs)));
          },
        });
      };
    },
  });
}

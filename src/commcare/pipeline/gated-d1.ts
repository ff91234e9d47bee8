/**
 * A D1 binding whose reads run at once and whose writes wait for `gate`: a handler may start its reads
 * while the request's credentials and budget are still being checked (in the same round trip), but
 * nothing it writes reaches D1 before both passed. If `gate` rejects, every write rejects with its
 * reason and none is sent. Only a statement that starts with SELECT counts as a read (a WITH may
 * carry an INSERT), and a batch waits unless every statement in it is a read.
 */
const READ = /^\s*select\b/i;
const RAW = Symbol("gated statement");

type Gated = D1PreparedStatement & { [RAW]: D1PreparedStatement; read: boolean };

function statement(stmt: D1PreparedStatement, read: boolean, gate: Promise<unknown>): Gated {
  const after = <T>(run: () => Promise<T>): Promise<T> => (read ? run() : gate.then(run));
  const wrapped = {
    [RAW]: stmt,
    read,
    bind: (...values: unknown[]) => statement(stmt.bind(...values), read, gate),
    first: (column?: string) => after(() => (column === undefined ? stmt.first() : stmt.first(column))),
    all: () => after(() => stmt.all()),
    run: () => after(() => stmt.run()),
    raw: (options?: { columnNames?: boolean }) => after(() => stmt.raw(options as { columnNames: true })),
  };
  return wrapped as unknown as Gated;
}

export function gatedD1(db: D1Database, gate: Promise<unknown>): D1Database {
  const unwrap = (stmts: D1PreparedStatement[]) => stmts.map((s) => (s as Gated)[RAW] ?? s);
  const gated = {
    prepare: (query: string) => statement(db.prepare(query), READ.test(query), gate),
    batch: (stmts: D1PreparedStatement[]) =>
      stmts.every((s) => (s as Gated).read === true) ? db.batch(unwrap(stmts)) : gate.then(() => db.batch(unwrap(stmts))),
    exec: (query: string) => gate.then(() => db.exec(query)),
  };
  return gated as unknown as D1Database;
}

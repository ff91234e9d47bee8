/**
 * A D1 database whose writing statements wait for `gate` before they run, and fail with its error when
 * it rejects; reading statements (SELECT) run at once. A write can then do its reads while the rate
 * limiter answers, and still never change anything once the budget is spent.
 *
 * A statement is a read when its SQL starts with SELECT; anything else (INSERT, UPDATE, DELETE, WITH …)
 * waits. A batch waits when any of its statements does.
 */
export function gateWrites(db: D1Database, gate: Promise<unknown>): D1Database {
  const raw = new WeakMap<object, D1PreparedStatement>();
  const gated = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => gated(stmt.bind(...values)),
      first: (column?: string) => gate.then(() => (column === undefined ? stmt.first() : stmt.first(column))),
      all: () => gate.then(() => stmt.all()),
      run: () => gate.then(() => stmt.run()),
      raw: (options?: { columnNames?: boolean }) => gate.then(() => stmt.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    raw.set(wrapped, stmt);
    return wrapped;
  };
  const session = db as D1Database & Partial<D1DatabaseSession>;
  const out: Partial<D1Database & D1DatabaseSession> = {
    prepare: (sql: string) => (isRead(sql) ? db.prepare(sql) : gated(db.prepare(sql))),
    batch: async <T>(stmts: D1PreparedStatement[]) => {
      if (stmts.some((s) => raw.has(s))) await gate;
      return db.batch<T>(stmts.map((s) => raw.get(s) ?? s));
    },
    exec: async (sql: string) => {
      await gate;
      return db.exec(sql);
    },
    dump: () => db.dump(),
    withSession: (constraint?: D1SessionConstraint | D1SessionBookmark) =>
      gateWrites(db.withSession(constraint) as unknown as D1Database, gate) as unknown as D1DatabaseSession,
  };
  if (typeof session.getBookmark === "function") out.getBookmark = () => session.getBookmark!();
  return out as D1Database;
}

const isRead = (sql: string) => /^\s*select\b/i.test(sql);

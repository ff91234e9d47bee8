/**
 * One writer at a time per tenant within this isolate: writers of one tenant would only collide on the
 * head of its audit chain and retry. This is an optimisation; UNIQUE(tenant, seq) and the retry in
 * append.ts keep the chain linear across isolates and whenever this lock is bypassed.
 *
 * A holder whose request was cancelled may never finish (workerd drops a cancelled request's pending
 * work), so the lock is a lease: a waiter that sees the same holder for longer than `leaseMs` takes it
 * over, and the late holder's release then changes nothing. Each waiter polls with its own timer, in
 * its own request, so no timer outlives its request.
 */
interface Lock {
  holder: symbol;
  /** When the current holder got the lock. */
  since: number;
  waiters: { take: () => void }[];
}

const locks = new Map<string, Lock>();
export const DEFAULT_LEASE_MS = 10_000;
const POLL_MS = 250;

export async function withTenantLock<T>(tenant: string, work: () => Promise<T>, leaseMs = DEFAULT_LEASE_MS): Promise<T> {
  const me = Symbol(tenant);
  await acquire(tenant, me, leaseMs);
  try {
    return await work();
  } finally {
    release(tenant, me);
  }
}

function acquire(tenant: string, me: symbol, leaseMs: number): Promise<void> {
  const lock = locks.get(tenant);
  if (!lock) {
    locks.set(tenant, { holder: me, since: Date.now(), waiters: [] });
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let granted = false;
    const waiter = {
      take: () => {
        granted = true;
        lock.holder = me;
        lock.since = Date.now();
        resolve();
      },
    };
    lock.waiters.push(waiter);
    const poll = setInterval(() => {
      if (granted) return clearInterval(poll);
      if (locks.get(tenant) === lock && Date.now() - lock.since > leaseMs) {
        // The holder outlived its lease: take its place, leaving the queue behind us as it was.
        lock.waiters.splice(lock.waiters.indexOf(waiter), 1);
        waiter.take();
        clearInterval(poll);
      }
    }, Math.min(POLL_MS, leaseMs));
  });
}

function release(tenant: string, me: symbol) {
  const lock = locks.get(tenant);
  if (!lock || lock.holder !== me) return; // a holder whose lease was taken over
  const next = lock.waiters.shift();
  if (next) next.take();
  else locks.delete(tenant);
}

/**
 * One writer at a time per tenant within this isolate: writers of one tenant would only collide on the
 * head of its audit chain and retry. This is an optimisation; UNIQUE(tenant, seq) and the retry in
 * append.ts keep the chain linear across isolates and whenever this lock is bypassed.
 *
 * No request ever settles a promise another request waits on: workerd runs such a continuation
 * outside the waiting request, which it then cancels as hung (seen under the load test). So a
 * release only names the next holder, and each waiter notices its turn with its own timer, in its
 * own request. The lock is also a lease, because a request can be cancelled at any point: a holder
 * that has not noticed its turn within CLAIM_MS (its request is gone), or has held the lock for
 * longer than `leaseMs`, is passed over by the next waiter that looks, and the late holder's release
 * then changes nothing.
 */
interface Lock {
  holder: symbol;
  /** When the current holder was named. */
  since: number;
  /** Whether the holder has noticed its turn (a waiter named by a release has not, yet). */
  claimed: boolean;
  waiters: symbol[];
}

const locks = new Map<string, Lock>();
export const DEFAULT_LEASE_MS = 10_000;
const CLAIM_MS = 1_000;
const POLL_MS = 2;

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
    locks.set(tenant, { holder: me, since: Date.now(), claimed: true, waiters: [] });
    return Promise.resolve();
  }
  lock.waiters.push(me);
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const held = Date.now() - lock.since;
      if (lock.holder === me) {
        lock.claimed = true;
      } else if ((!lock.claimed && held > Math.min(CLAIM_MS, leaseMs)) || held > leaseMs) {
        // The holder is gone or outlived its lease: take its place, out of our turn if need be.
        const place = lock.waiters.indexOf(me);
        if (place >= 0) lock.waiters.splice(place, 1);
        Object.assign(lock, { holder: me, since: Date.now(), claimed: true });
      } else {
        return;
      }
      clearInterval(poll);
      resolve();
    }, POLL_MS);
  });
}

function release(tenant: string, me: symbol) {
  const lock = locks.get(tenant);
  if (!lock || lock.holder !== me) return; // a holder whose lease was taken over
  const next = lock.waiters.shift();
  if (next === undefined) {
    locks.delete(tenant);
    return;
  }
  Object.assign(lock, { holder: next, since: Date.now(), claimed: false });
}

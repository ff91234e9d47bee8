import type { ccUsers } from "../db/schema/commcare";

/** A demo mobile worker (CC_DEMO.workers and the others of commcare-demo.ts). */
export interface DemoWorker {
  id: number;
  uuid: string;
  username: string;
  first: string;
  last: string;
  phone: string;
}

/** The ccUsers row of a demo mobile worker: no password, no e-mail; `userData` when the organisation step sets it. */
export const mobileWorkerRow = (
  w: DemoWorker,
  domainId: number,
  now: string,
  opts: { isActive?: number; userData?: object } = {},
): typeof ccUsers.$inferInsert => ({
  id: w.id,
  userUuid: w.uuid,
  domainId,
  userType: "mobile",
  username: w.username,
  email: "",
  firstName: w.first,
  lastName: w.last,
  phoneNumbers: JSON.stringify([w.phone]),
  passwordHash: null,
  isActive: opts.isActive ?? 1,
  isSuperuser: 0,
  createdAt: now,
  ...(opts.userData === undefined ? {} : { userData: JSON.stringify(opts.userData) }),
});

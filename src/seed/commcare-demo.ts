/**
 * The CommCare demo's fixed identifiers and its form submissions (OpenRosa XML), shared by the seed
 * and the tests. Ids are fixed so that re-seeding stores nothing new.
 */
export const CC_DEMO = {
  domain: { id: 1, name: "demo" },
  other: { id: 2, name: "other" },
  admin: { id: 1, uuid: "0a000000000000000000000000000001", username: "admin@demo.test", key: "demo-api-key" },
  viewer: { id: 2, uuid: "0a000000000000000000000000000002", username: "viewer@demo.test", key: "viewer-api-key" },
  otherAdmin: { id: 3, uuid: "0a000000000000000000000000000003", username: "admin@other.test", key: "other-api-key" },
  workers: [
    {
      id: 4,
      uuid: "0b000000000000000000000000000004",
      username: "worker1@demo.commcarehq.org",
      first: "Wanda",
      last: "Worker",
      phone: "+15550100001",
    },
    {
      id: 5,
      uuid: "0b000000000000000000000000000005",
      username: "worker2@demo.commcarehq.org",
      first: "Walt",
      last: "Walker",
      phone: "+15550100002",
    },
    {
      id: 6,
      uuid: "0b000000000000000000000000000006",
      username: "worker3@demo.commcarehq.org",
      first: "Ana",
      last: "Fieldwork",
      phone: "+15550100003",
    },
  ],
  /** Deactivated: only `user/?archived=true` lists it. Not in `workers`, so the submissions keep their authors. */
  archivedWorker: {
    id: 7,
    uuid: "0b000000000000000000000000000007",
    username: "retired@demo.commcarehq.org",
    first: "Rita",
    last: "Retired",
    phone: "+15550100007",
  },
  otherWorker: {
    id: 8,
    uuid: "0b000000000000000000000000000008",
    username: "worker@other.commcarehq.org",
    first: "Oscar",
    last: "Outside",
    phone: "+15550100008",
  },
  groups: {
    denverTeam: { id: 1, uuid: "9a000000000000000000000000000001", name: "Denver team" },
    supervisors: { id: 2, uuid: "9a000000000000000000000000000002", name: "Field supervisors" },
    otherTeam: { id: 3, uuid: "9b000000000000000000000000000003", name: "Other team" },
  },
  locations: {
    colorado: { id: 1, locationId: "10c0000000000000000000000000c010" },
    denver: { id: 2, locationId: "10c0000000000000000000000000d3e0" },
    southPark: { id: 3, locationId: "10c000000000000000000000000050a0" },
  },
  types: { state: 1, city: 2, county: 3 },
  apps: {
    household: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    releasedBuild: "b1b2c3d4e5f60718293a4b5c6d7e8f91",
    referrals: "c1b2c3d4e5f60718293a4b5c6d7e8f93",
  },
} as const;

const pad = (n: number, w: number) => String(n).padStart(w, "0");
export const householdCaseId = (n: number) => `cafe00000000000000000000000${pad(n, 5)}`.slice(0, 32);
export const memberCaseId = (n: number) => `cafe00000000000000000000001${pad(n, 5)}`.slice(0, 32);
export const referralCaseId = (n: number) => `cafe00000000000000000000002${pad(n, 5)}`.slice(0, 32);
export const formId = (n: number) => `d0000000-0000-4000-8000-${pad(n, 12)}`;

export interface DemoSubmission {
  xml: string;
  receivedAt: Date;
  formId: string;
  appId: string | null;
}

const CASE_NS = "http://commcarehq.org/case/transaction/v2";
const META_NS = "http://openrosa.org/jr/xforms";

function formXml(opts: {
  xmlns: string;
  name: string;
  id: string;
  userId: string;
  username: string;
  time: string;
  appVersion: string;
  fields: Record<string, string>;
  caseBlock: string;
}): string {
  const fields = Object.entries(opts.fields)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join("\n  ");
  return `<?xml version='1.0' ?>
<data xmlns:jrm="http://dev.commcarehq.org/jr/xforms" xmlns="${opts.xmlns}" uiVersion="1" version="3" name="${opts.name}">
  ${fields}
  ${opts.caseBlock}
  <n1:meta xmlns:n1="${META_NS}">
    <n1:deviceID>demo-device-01</n1:deviceID>
    <n1:timeStart>${opts.time}</n1:timeStart>
    <n1:timeEnd>${opts.time}</n1:timeEnd>
    <n1:username>${opts.username}</n1:username>
    <n1:userID>${opts.userId}</n1:userID>
    <n1:instanceID>uuid:${opts.id}</n1:instanceID>
    <n1:appVersion>CommCare Android, version "2.53.0"(1), App #3</n1:appVersion>
  </n1:meta>
</data>`;
}

const caseBlock = (caseId: string, date: string, userId: string, inner: string) =>
  `<n0:case xmlns:n0="${CASE_NS}" case_id="${caseId}" date_modified="${date}" user_id="${userId}">${inner}</n0:case>`;

const VILLAGES = ["north", "south"];
const NAMES = ["Abara", "Bello", "Chen", "Diallo", "Evans", "Fofana", "Garcia", "Haddad", "Ito", "Jovanovic", "Kamau", "Lopez"];

/** 32 submissions: 12 household registrations, 12 visits (3 close), 2 members, 6 referrals. */
export function demoSubmissions(): DemoSubmission[] {
  const out: DemoSubmission[] = [];
  const base = Date.UTC(2026, 9, 1, 8, 0, 0);
  let n = 0;
  const next = (
    xmlns: string,
    name: string,
    appId: string | null,
    fields: Record<string, string>,
    block: (date: string, userId: string) => string,
  ) => {
    n += 1;
    const worker = CC_DEMO.workers[n % CC_DEMO.workers.length]!;
    const receivedAt = new Date(base + n * 3_600_000 + n * 137);
    const time = new Date(receivedAt.getTime() - 600_000).toISOString();
    const id = formId(n);
    out.push({
      formId: id,
      appId,
      receivedAt,
      xml: formXml({
        xmlns,
        name,
        id,
        userId: worker.uuid,
        username: worker.username.split("@")[0]!,
        time,
        appVersion: "3",
        fields,
        caseBlock: block(time, worker.uuid),
      }),
    });
  };
  for (let i = 1; i <= 12; i++) {
    const size = String(2 + (i % 5));
    next(
      "http://demo.test/household/register",
      "Register household",
      CC_DEMO.apps.releasedBuild,
      { household_name: `${NAMES[i - 1]} household`, size, village: VILLAGES[i % 2]! },
      (date, user) =>
        caseBlock(
          householdCaseId(i),
          date,
          user,
          `<n0:create><n0:case_type>household</n0:case_type><n0:case_name>${NAMES[i - 1]} household</n0:case_name><n0:owner_id>${user}</n0:owner_id></n0:create>` +
            `<n0:update><n0:size>${size}</n0:size><n0:village>${VILLAGES[i % 2]}</n0:village>${i === 1 ? "<n0:contact_phone_number>+15550199001</n0:contact_phone_number>" : ""}</n0:update>`,
        ),
    );
  }
  for (let i = 1; i <= 12; i++) {
    const close = i >= 10;
    next(
      "http://demo.test/household/visit",
      "Visit household",
      null,
      { visit_count: String(i), close: close ? "yes" : "no" },
      (date, user) =>
        caseBlock(
          householdCaseId(i),
          date,
          user,
          `<n0:update><n0:visit_count>${i}</n0:visit_count></n0:update>${close ? "<n0:close/>" : ""}`,
        ),
    );
  }
  for (let i = 1; i <= 2; i++) {
    next("http://demo.test/member/register", "Register member", null, { member_name: `Member ${i}`, age: String(20 + i) }, (date, user) =>
      caseBlock(
        memberCaseId(i),
        date,
        user,
        `<n0:create><n0:case_type>member</n0:case_type><n0:case_name>Member ${i}</n0:case_name><n0:owner_id>${user}</n0:owner_id></n0:create>` +
          `<n0:update><n0:age>${20 + i}</n0:age></n0:update>` +
          `<n0:index><n0:parent case_type="household" relationship="child">${householdCaseId(1)}</n0:parent></n0:index>`,
      ),
    );
  }
  for (let i = 1; i <= 6; i++) {
    next("http://demo.test/referral/open", "Open referral", null, { clinic: `Clinic ${i % 3}`, reason: "follow-up" }, (date, user) =>
      caseBlock(
        referralCaseId(i),
        date,
        user,
        `<n0:create><n0:case_type>referral</n0:case_type><n0:case_name>Referral ${i}</n0:case_name><n0:owner_id>${user}</n0:owner_id></n0:create>` +
          `<n0:update><n0:clinic>Clinic ${i % 3}</n0:clinic><n0:external_id>REF-${pad(i, 3)}</n0:external_id></n0:update>`,
      ),
    );
  }
  return out;
}

/** The visit form the seed archives (the API hides it unless `include_archived`). */
export const ARCHIVED_FORM_ID = formId(13);
